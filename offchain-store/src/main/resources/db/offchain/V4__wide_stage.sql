-- a stage name may be as long as RawRecord.MAX_STAGE_LENGTH (128), not 64
ALTER TABLE raw_records MODIFY COLUMN stage VARCHAR(128) NOT NULL;
