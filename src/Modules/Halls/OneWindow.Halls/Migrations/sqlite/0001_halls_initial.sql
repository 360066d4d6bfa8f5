-- Halls module (政务服务大厅 and 预约): halls, slots, bookings. Generated from HallsDbContext with schema-script sqlite halls.
-- ux_halls_bookings_active_per_day keeps one active booking per applicant, item and day; the unique slot index
-- (hall_id, date, starts_at) also serves the hot query "free slots of a hall between dates".
CREATE TABLE "halls_halls" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_halls_halls" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "hours" TEXT NOT NULL,
    "active" INTEGER NOT NULL
);

CREATE TABLE "halls_slots" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_halls_slots" PRIMARY KEY AUTOINCREMENT,
    "hall_id" INTEGER NOT NULL,
    "date" TEXT NOT NULL,
    "starts_at" TEXT NOT NULL,
    "ends_at" TEXT NOT NULL,
    "capacity" INTEGER NOT NULL,
    "booked" INTEGER NOT NULL,
    CONSTRAINT "fk_halls_slots_halls_halls_hall_id" FOREIGN KEY ("hall_id") REFERENCES "halls_halls" ("id") ON DELETE RESTRICT
);

CREATE TABLE "halls_bookings" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_halls_bookings" PRIMARY KEY AUTOINCREMENT,
    "code" TEXT NOT NULL,
    "hall_id" INTEGER NOT NULL,
    "slot_id" INTEGER NOT NULL,
    "slot_date" TEXT NOT NULL,
    "applicant_subject" TEXT NOT NULL,
    "item_id" INTEGER NOT NULL,
    "item_name" TEXT NOT NULL,
    "case_number" TEXT NULL,
    "status" TEXT NOT NULL,
    "created_at" INTEGER NOT NULL,
    "cancelled_at" INTEGER NULL,
    CONSTRAINT "fk_halls_bookings_halls_hall_id" FOREIGN KEY ("hall_id") REFERENCES "halls_halls" ("id") ON DELETE RESTRICT,
    CONSTRAINT "fk_halls_bookings_slots_slot_id" FOREIGN KEY ("slot_id") REFERENCES "halls_slots" ("id") ON DELETE RESTRICT
);

CREATE INDEX "ix_halls_bookings_applicant_subject_id" ON "halls_bookings" ("applicant_subject", "id");

CREATE UNIQUE INDEX "ix_halls_bookings_code" ON "halls_bookings" ("code");

CREATE INDEX "ix_halls_bookings_hall_id_slot_date" ON "halls_bookings" ("hall_id", "slot_date");

CREATE INDEX "ix_halls_bookings_slot_id" ON "halls_bookings" ("slot_id");

CREATE UNIQUE INDEX "ux_halls_bookings_active_per_day" ON "halls_bookings" ("applicant_subject", "item_id", "slot_date") WHERE status = 'booked';

CREATE UNIQUE INDEX "ix_halls_halls_region_code_name" ON "halls_halls" ("region_code", "name");

CREATE UNIQUE INDEX "ix_halls_slots_hall_id_date_starts_at" ON "halls_slots" ("hall_id", "date", "starts_at");

