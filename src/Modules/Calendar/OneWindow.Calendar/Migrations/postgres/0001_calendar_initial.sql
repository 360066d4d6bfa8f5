-- Working-day calendar (工作日历): listed days (法定节假日 / 调休上班) and the years that have a table (see docs/calendar.md).
CREATE TABLE calendar_days (
    date date NOT NULL,
    kind character varying(16) NOT NULL,
    name character varying(50) NOT NULL,
    updated_by character varying(100) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_calendar_days PRIMARY KEY (date),
    CONSTRAINT ck_calendar_days_kind CHECK (kind IN ('holiday', 'workday'))
);

CREATE TABLE calendar_years (
    year integer NOT NULL,
    source character varying(16) NOT NULL,
    version bigint NOT NULL,
    updated_by character varying(100) NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    CONSTRAINT pk_calendar_years PRIMARY KEY (year)
);
