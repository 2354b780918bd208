# Keyward: `make run` builds and serves on SQLite; `make test` runs every test.
GO      ?= go
NPM     ?= npm
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
FUZZTIME ?= 8s
LDFLAGS := -s -w -X main.version=$(VERSION)
# Go packages, listed so that go never walks into node_modules.
GOPKGS  := ./server/... ./graph/... ./db/... ./frontend/... ./tools/...
SPA_SRC := $(shell find frontend/src frontend/index.html frontend/vite.config.ts graph/schema -type f 2>/dev/null)

.PHONY: all build run dev test test-go test-fuzz test-frontend test-e2e generate bench deps clean

all: build

## deps: install the Node packages (npm ci) when package-lock.json changes
deps: node_modules/.package-lock.json
node_modules/.package-lock.json: package.json package-lock.json
	$(NPM) ci --no-audit --no-fund
	@touch $@

## spa: build the console into frontend/dist (embedded in the binary)
frontend/dist/index.html: node_modules/.package-lock.json $(SPA_SRC)
	$(NPM) run build
	@touch $@

## build: the console, then the binary at bin/keyward
build: frontend/dist/index.html
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags '$(LDFLAGS)' -o bin/keyward ./server

## run: build and serve on SQLite (./keyward.db) at http://localhost:8080
run: build
	./bin/keyward serve

## dev: the Go server and Vite's dev server (with hot reload) side by side
dev: node_modules/.package-lock.json frontend/dist/index.html
	@trap 'kill 0' EXIT; \
	$(GO) run ./server serve & \
	$(NPM) run dev

## test: everything: Go on SQLite and Postgres, fuzzing, SPA unit tests, browser end-to-end
test: test-go test-fuzz test-frontend test-e2e

test-go: frontend/dist/index.html
	$(GO) vet $(GOPKGS)
	$(GO) test -count=1 -timeout 10m $(GOPKGS)
	cd client && $(GO) vet ./... && $(GO) test -count=1 -race ./...

## test-fuzz: each Go fuzz target for a few seconds (go test runs one target at a time)
test-fuzz:
	@grep -rlE '^func Fuzz' --include='*_test.go' server graph db | while read -r file; do \
		for target in $$(grep -oE '^func Fuzz[A-Za-z0-9_]+' "$$file" | sed 's/^func //'); do \
			echo "fuzz $$target ($$(dirname $$file))"; \
			$(GO) test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) ./$$(dirname $$file) || exit 1; \
		done; \
	done

test-frontend: node_modules/.package-lock.json
	$(NPM) test

test-e2e: build
	CGO_ENABLED=0 $(GO) build -o bin/smtpsink ./tools/smtpsink
	$(NPM) run test:e2e

## generate: regenerate gqlgen's server code and the SPA's typed GraphQL documents
generate:
	$(GO) tool gqlgen generate
	$(NPM) run codegen

## bench: the in-process benchmarks, then the machine API and a resource server on the Go client
## (bin/resourceserver) under load from a separate process (bin/loadgen) against a bare handler
## answering the same bytes, with the lag from revocation until that resource server refuses
## (also across two replicas on Postgres), then the console's lists
## (p50 and p95 of a page of 100) on 100,000 tokens, 10,000 users and 1,000,000 audit events on
## SQLite and on Postgres; LISTBENCH='-tokens 2000 -users 500 -events 20000' runs them small
LISTBENCH ?=
bench: build
	$(GO) test -run '^$$' -bench . -benchmem $(GOPKGS)
	cd client && $(GO) test -run '^$$' -bench . -benchmem ./...
	CGO_ENABLED=0 $(GO) build -o bin/loadgen ./tools/loadgen
	CGO_ENABLED=0 $(GO) build -o bin/resourceserver ./tools/resourceserver
	$(GO) run ./tools/loadtest -keyward bin/keyward -loadgen bin/loadgen -resourceserver bin/resourceserver
	$(GO) run ./tools/listbench $(LISTBENCH)

clean:
	rm -rf bin frontend/dist
