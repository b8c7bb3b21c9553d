-- a record of a RecordBatch has the id <transaction id>#<position>, up to 71 characters
ALTER TABLE raw_records MODIFY COLUMN tx_id VARCHAR(80);
