-- Each member of an entry's shared key data as a row of its own, so the queries of docs/sql.md can
-- filter and aggregate key fields without JSON functions (H2, MariaDB and PostgreSQL each spell
-- those differently). Written by MirrorStore from stage_entries.key_data in the same transaction.
CREATE TABLE stage_fields (
    slave_tx_id  VARCHAR(80)    NOT NULL,
    name         VARCHAR(255)   NOT NULL,
    -- a string itself, any other value as canonical JSON; NULL if longer than 512 characters
    value_text   VARCHAR(512)   NULL,
    -- a JSON number, rounded to 10 decimals; NULL if not a number or too large
    value_number DECIMAL(38,10) NULL,
    -- epoch milliseconds of a string that is an RFC 3339 date-time with offset (eventTime)
    value_time   BIGINT         NULL,
    CONSTRAINT pk_stage_fields PRIMARY KEY (slave_tx_id, name)
);

-- lookups by value (a batch, a location) and ranges (temperature above a limit);
-- VARCHAR, not TEXT, so that MariaDB can index it without a prefix length
CREATE INDEX ix_stage_fields_text ON stage_fields (name, value_text);
CREATE INDEX ix_stage_fields_number ON stage_fields (name, value_number);
