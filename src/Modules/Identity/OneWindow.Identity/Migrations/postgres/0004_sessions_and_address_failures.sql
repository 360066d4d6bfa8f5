-- Identity module: server-side sessions (the cookie's sid claim, stored as its SHA-256) and failed sign-ins per client
-- address (keyed hash) for progressive throttling. Generated with 'schema-script postgres identity'.

CREATE TABLE identity_sessions (
    id character varying(64) NOT NULL,
    account_kind character varying(10) NOT NULL,
    account_id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone NOT NULL,
    ended_at timestamp with time zone,
    end_reason character varying(40),
    client character varying(60) NOT NULL,
    CONSTRAINT pk_identity_sessions PRIMARY KEY (id)
);

CREATE INDEX ix_identity_sessions_account_kind_account_id ON identity_sessions (account_kind, account_id);

CREATE TABLE identity_address_failures (
    address_key character varying(64) NOT NULL,
    window_number bigint NOT NULL,
    failures integer NOT NULL,
    CONSTRAINT pk_identity_address_failures PRIMARY KEY (address_key, window_number)
);

CREATE INDEX ix_identity_address_failures_window_number ON identity_address_failures (window_number);
