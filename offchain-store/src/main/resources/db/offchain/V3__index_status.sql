CREATE INDEX ix_raw_records_status ON raw_records (status);
