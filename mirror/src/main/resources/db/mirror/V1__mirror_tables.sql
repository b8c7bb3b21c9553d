-- The relational mirror of the master channel and one organisation's slave channel (docs/sql.md).
-- One dialect that H2 (plain and MODE=MySQL), MariaDB 10.11 and PostgreSQL 15 all run unchanged:
-- natural keys only (no AUTO_INCREMENT or SERIAL), TEXT for JSON, BIGINT, VARCHAR with lengths,
-- no JSON or ENUM types. Column names are master's JSON members in snake case.

-- The last block applied per channel: the mirror is exactly this far along each ledger.
CREATE TABLE mirror_checkpoint (
    channel      VARCHAR(64) NOT NULL,
    block_number BIGINT      NOT NULL,
    block_hash   CHAR(64)    NOT NULL,
    updated_at   TIMESTAMP   NULL,
    CONSTRAINT pk_mirror_checkpoint PRIMARY KEY (channel)
);

-- A trace code and the product type it was first anchored under (master's tid~<tid>).
CREATE TABLE products (
    tid                VARCHAR(128) NOT NULL,
    product_type       VARCHAR(128) NOT NULL,
    first_master_block BIGINT       NOT NULL,
    CONSTRAINT pk_products PRIMARY KEY (tid)
);

-- One row per entry master accepted: its trace entry (Trace answer), keyed by the slave transaction.
CREATE TABLE stage_entries (
    slave_tx_id        VARCHAR(80)  NOT NULL,
    tid                VARCHAR(128) NOT NULL,
    stage              VARCHAR(128) NOT NULL,
    owner_msp          VARCHAR(128) NOT NULL,
    tx_timestamp       BIGINT       NOT NULL,
    key_data           TEXT         NOT NULL,
    data_hash          CHAR(64)     NOT NULL,
    slave_chain_id     VARCHAR(64)  NOT NULL,
    slave_block_number BIGINT       NOT NULL,
    entry_index        INT          NOT NULL,
    master_tx_id       CHAR(64)     NOT NULL,
    master_block       BIGINT       NOT NULL,
    CONSTRAINT pk_stage_entries PRIMARY KEY (slave_tx_id)
);

CREATE INDEX ix_stage_entries_tid ON stage_entries (tid);

-- An anchor's leaves, in order; unique because a leaf position holds one entry.
CREATE UNIQUE INDEX ux_stage_entries_leaf ON stage_entries (slave_chain_id, slave_block_number, entry_index);

-- One accepted AnchorBlock: slave blocks first_block..block_number and the root of its entries.
CREATE TABLE anchors (
    slave_chain_id VARCHAR(64) NOT NULL,
    block_number   BIGINT      NOT NULL,
    first_block    BIGINT      NOT NULL,
    block_hash     CHAR(64)    NOT NULL,
    merkle_root    CHAR(64)    NOT NULL,
    entry_count    INT         NOT NULL,
    master_tx_id   CHAR(64)    NOT NULL,
    master_block   BIGINT      NOT NULL,
    CONSTRAINT pk_anchors PRIMARY KEY (slave_chain_id, block_number)
);

-- An entry master refused on its own: in no trace and no Merkle tree.
CREATE TABLE rejected_entries (
    slave_tx_id    VARCHAR(80)  NOT NULL,
    slave_chain_id VARCHAR(64)  NOT NULL,
    block_number   BIGINT       NOT NULL,
    entry_index    INT          NOT NULL,
    tid            VARCHAR(128) NOT NULL,
    stage          VARCHAR(128) NOT NULL,
    code           VARCHAR(64)  NOT NULL,
    reason         TEXT         NOT NULL,
    master_tx_id   CHAR(64)     NOT NULL,
    CONSTRAINT pk_rejected_entries PRIMARY KEY (slave_tx_id)
);

-- "from_tid went into to_tid"; the relation is the link field that declared it.
CREATE TABLE genealogy_edges (
    from_tid     VARCHAR(128) NOT NULL,
    to_tid       VARCHAR(128) NOT NULL,
    relation     VARCHAR(16)  NOT NULL,
    master_tx_id CHAR(64)     NOT NULL,
    slave_tx_id  VARCHAR(80)  NULL,
    CONSTRAINT pk_genealogy_edges PRIMARY KEY (from_tid, to_tid, relation)
);

-- the upstream walk starts from to_tid
CREATE INDEX ix_genealogy_edges_to ON genealogy_edges (to_tid);

-- A device as its slave channel last registered or revoked it.
CREATE TABLE devices (
    channel       VARCHAR(64)  NOT NULL,
    device_id     VARCHAR(128) NOT NULL,
    status        VARCHAR(16)  NOT NULL,
    fingerprint   VARCHAR(128) NULL,
    certificate   TEXT         NULL,
    updated_block BIGINT       NOT NULL,
    CONSTRAINT pk_devices PRIMARY KEY (channel, device_id)
);

-- A governance transaction on master (proposals, approvals, revocation reports), args as JSON.
CREATE TABLE governance_events (
    master_tx_id  CHAR(64)    NOT NULL,
    master_block  BIGINT      NOT NULL,
    function_name VARCHAR(64) NOT NULL,
    args          TEXT        NOT NULL,
    CONSTRAINT pk_governance_events PRIMARY KEY (master_tx_id)
);

-- The organisation's own raw record from its off-chain store; rehash is Hash(D) computed again.
CREATE TABLE raw_records (
    slave_tx_id VARCHAR(80)  NOT NULL,
    tid         VARCHAR(128) NOT NULL,
    stage       VARCHAR(128) NOT NULL,
    raw_json    TEXT         NOT NULL,
    data_hash   CHAR(64)     NOT NULL,
    rehash      CHAR(64)     NULL,
    CONSTRAINT pk_raw_records PRIMARY KEY (slave_tx_id)
);
