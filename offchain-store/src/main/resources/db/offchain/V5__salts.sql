-- the salts of the record's field commitment, whose root is its Hash(D)
ALTER TABLE raw_records ADD COLUMN salts TEXT;
