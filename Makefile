# TMSCT: trusted manufacturing supply-chain traceability on Hyperledger Fabric.
# The two commands a newcomer needs: `make demo` (the main job) and `make test` (every test).
# Settings (see network/topology.sh): CONSENSUS=raft|raft3|bft, CRYPTO=ca|cryptogen, BASE_PORT=7000,
# TMSCT_STATE=state, FABRIC_VERSION=3.1.1, MASTER_BATCH_TIMEOUT / SLAVE_BATCH_TIMEOUT=100ms.
SHELL := /bin/bash
MVN ?= mvn -B -q
export CONSENSUS CRYPTO BASE_PORT TMSCT_STATE FABRIC_VERSION MASTER_BATCH_TIMEOUT SLAVE_BATCH_TIMEOUT

.PHONY: help deps lint fabric build unit-test e2e-test test demo up deploy upgrade down clean status crl web bench-web bench-mirror bench-core bench bench-smoke bench-recall

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

deps: ## install every Debian and npm package the project needs, up front (idempotent)
	@scripts/install-deps.sh

lint: deps ## Java format check (Spotless) and shellcheck; `mvn -N spotless:apply` fixes the Java format
	@scripts/lint.sh

fabric: deps ## build the pinned Fabric binaries from source into ~/.cache/tmsct (once)
	@scripts/install-fabric.sh

build: deps ## compile all modules and package the chaincode and client jars
	@echo "==> building the Maven modules"
	@$(MVN) install -DskipTests

unit-test: deps ## unit and property tests only (fast, no network), Java and JavaScript
	@echo "==> unit tests"
	@mvn -B install
	@echo "==> JavaScript unit tests (caliper/test, against test-vectors/)"
	@node --test caliper/test/*.test.js

e2e-test: deps fabric ## end-to-end tests on real networks (raft and BFT), torn down afterwards
	@echo "==> end-to-end tests on a real Fabric network"
	@status=0; mvn -B -Pe2e -pl test-network test || status=$$?; \
	  for s in state/e2e-*; do [[ -d "$$s" ]] && TMSCT_STATE="$$s" scripts/down.sh >/dev/null 2>&1; done; \
	  exit $$status

test: deps lint unit-test e2e-test bench-smoke ## every test: lint, then unit tests, then end-to-end, then the Caliper smoke run

up: deps ## start the network (idempotent); needs `make fabric`
	@scripts/up.sh

deploy: build ## deploy or update both chaincodes, configure them, start the anchor relays
	@scripts/start-network.sh --skip-up

upgrade: build ## upgrade one chaincode to the next sequence: make upgrade CC=chaincode-master
	@scripts/deploy.sh --upgrade $(or $(CC),$(error set CC=chaincode-master or CC=chaincode-slave))

down: ## stop every process of the network (ledgers are kept)
	@scripts/down.sh

clean: ## stop the network and delete its state (crypto, ledgers, logs)
	@scripts/clean.sh

status: ## nodes, channel heights per peer, committed chaincodes
	@scripts/status.sh

crl: ## put an org's CRL (from `tmsct identity revoke`) into its MSP on its channels: make crl ORG=RawMaterialOrg
	@scripts/update-crl.sh $(or $(ORG),$(error set ORG=RawMaterialOrg or another organisation))

demo: fabric build ## bring the network up, deploy, and show a round trip
	@scripts/start-network.sh
	@scripts/demo.sh

web: build ## start every organisation's trace server (page and REST API on 127.0.0.1:BASE_PORT+61..64)
	@scripts/trace-servers.sh start

bench-web: deps fabric build ## wrk on a trace server's API and page, next to the gateway's own Trace rate; see BENCHMARKS.md
	@scripts/bench-web.sh

bench-mirror: deps fabric build ## the relational mirror's lag (master commit to row visible) at 100 records/s and at the highest rate; see BENCHMARKS.md
	@scripts/bench-mirror.sh

bench-smoke: deps fabric build ## short Caliper run (one rate per workload); fails if any transaction fails
	@caliper/bin/bench-smoke.sh

bench: deps fabric build ## the Caliper benchmarks (paper protocol, preload, storage); see BENCHMARKS.md
	@caliper/bin/bench.sh

bench-recall: deps fabric build ## Caliper: Recall over a preloaded 10,000-lot genealogy, depths 1, 3 and 6; see BENCHMARKS.md
	@caliper/bin/bench-recall.sh

bench-core: deps ## JMH benchmarks of the B-Merkle core library
	@$(MVN) -Pbench -pl benchmarks -am package -DskipTests
	@java -jar benchmarks/target/benchmarks.jar
