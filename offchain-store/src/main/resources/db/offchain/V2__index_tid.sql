CREATE INDEX ix_raw_records_tid ON raw_records (tid);
