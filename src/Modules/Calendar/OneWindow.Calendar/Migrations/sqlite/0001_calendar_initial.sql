-- Working-day calendar (工作日历): listed days (法定节假日 / 调休上班) and the years that have a table (see docs/calendar.md).
CREATE TABLE "calendar_days" (
    "date" TEXT NOT NULL CONSTRAINT "pk_calendar_days" PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" INTEGER NOT NULL,
    CONSTRAINT "ck_calendar_days_kind" CHECK (kind IN ('holiday', 'workday'))
);

CREATE TABLE "calendar_years" (
    "year" INTEGER NOT NULL CONSTRAINT "pk_calendar_years" PRIMARY KEY,
    "source" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "updated_by" TEXT NOT NULL,
    "updated_at" INTEGER NOT NULL
);
