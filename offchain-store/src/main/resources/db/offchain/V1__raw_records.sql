-- The raw records of the organisation, one row per record written before its transaction is
-- submitted. (tid, data_hash) is unique, so a retry never stores the same record twice.
-- Shipped migrations are never edited: a change is a new version.
CREATE TABLE raw_records (
    id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    tid VARCHAR(128) NOT NULL,
    stage VARCHAR(64) NOT NULL,
    device_id VARCHAR(128) NOT NULL,
    raw_json MEDIUMTEXT NOT NULL,
    data_hash CHAR(64) NOT NULL,
    signature VARCHAR(256) NOT NULL,
    signed_at BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    tx_id VARCHAR(64),
    slave_block BIGINT,
    error VARCHAR(1024),
    created_at TIMESTAMP NOT NULL,
    CONSTRAINT uq_raw_records_tid_hash UNIQUE (tid, data_hash)
);
