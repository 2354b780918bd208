// Package dbtest gives tests real databases: a fresh SQLite file and a fresh Postgres
// database per test, both migrated. Every store test runs on both through Each.
package dbtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/keyward/keyward/db"
)

// PostgresURL is the server the tests create their throwaway databases on. It must be
// reachable: a test never skips for want of Postgres.
func PostgresURL() string {
	if u := os.Getenv("KEYWARD_TEST_POSTGRES_URL"); u != "" {
		return u
	}
	return "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
}

var (
	templateOnce sync.Once
	templateName string
	templateErr  error
)

// Each runs fn once per dialect, as subtests named "database=sqlite" and
// "database=postgres", each on a freshly migrated database of its own.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run("database="+string(dialect), func(t *testing.T) {
			fn(t, Open(t, dialect))
		})
	}
}

// Open returns a freshly migrated database of the given dialect, closed and removed when
// the test ends.
func Open(t testing.TB, dialect db.Dialect) *db.DB {
	t.Helper()
	u := URL(t, dialect)
	d, err := db.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("dbtest: open %s: %v", dialect, err)
	}
	t.Cleanup(func() { d.Close() })
	if dialect == db.SQLite {
		if _, err := d.Migrate(context.Background()); err != nil {
			t.Fatalf("dbtest: migrate sqlite: %v", err)
		}
	}
	return d
}

// URL returns the URL of a fresh database of the given dialect, migrated on Postgres (a
// copy of a migrated template) and empty on SQLite; it is dropped when the test ends.
func URL(t testing.TB, dialect db.Dialect) string {
	t.Helper()
	switch dialect {
	case db.SQLite:
		return "sqlite:" + filepath.Join(t.TempDir(), "keyward.db")
	case db.Postgres:
		return postgresDatabase(t)
	}
	t.Fatalf("dbtest: unknown dialect %q", dialect)
	return ""
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func withDatabase(rawURL, name string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		panic(err)
	}
	u.Path = "/" + name
	return u.String()
}

func admin(ctx context.Context) (*pgx.Conn, error) {
	return pgx.Connect(ctx, PostgresURL())
}

// migratedTemplate builds, once per test binary, a migrated database to copy from.
func migratedTemplate(ctx context.Context) (string, error) {
	templateOnce.Do(func() {
		name := randomName("keyward_tmpl_")
		conn, err := admin(ctx)
		if err != nil {
			templateErr = fmt.Errorf("connect to %s: %w", PostgresURL(), err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
			templateErr = err
			return
		}
		d, err := db.Open(ctx, withDatabase(PostgresURL(), name))
		if err != nil {
			templateErr = err
			return
		}
		_, templateErr = d.Migrate(ctx)
		d.Close()
		templateName = name
	})
	return templateName, templateErr
}

func postgresDatabase(t testing.TB) string {
	t.Helper()
	ctx := context.Background()
	tmpl, err := migratedTemplate(ctx)
	if err != nil {
		t.Fatalf("dbtest: Postgres is required for the tests (KEYWARD_TEST_POSTGRES_URL=%s): %v", PostgresURL(), err)
	}
	name := randomName("keyward_test_")
	conn, err := admin(ctx)
	if err != nil {
		t.Fatalf("dbtest: connect to Postgres: %v", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, fmt.Sprintf("CREATE DATABASE %s TEMPLATE %s", name, tmpl)); err != nil {
		t.Fatalf("dbtest: create database: %v", err)
	}
	t.Cleanup(func() {
		conn, err := admin(ctx)
		if err != nil {
			return
		}
		defer conn.Close(ctx)
		_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return withDatabase(PostgresURL(), name)
}

// Main runs a package's tests and then drops the template database they made: call it as
// the whole of TestMain in every package whose tests open a database.
func Main(m *testing.M) {
	code := m.Run()
	DropTemplates()
	os.Exit(code)
}

// DropTemplates removes the template databases this test binary made (Main calls it).
func DropTemplates() {
	if templateName == "" {
		return
	}
	ctx := context.Background()
	conn, err := admin(ctx)
	if err != nil {
		return
	}
	defer conn.Close(ctx)
	_, _ = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+templateName+" WITH (FORCE)")
}

// Create makes an empty database on the Postgres server at serverURL, named prefix and a
// random suffix, for the tools that measure Keyward on a database of their own; it returns
// the database's URL and how to drop it.
func Create(ctx context.Context, serverURL, prefix string) (string, func(), error) {
	conn, err := pgx.Connect(ctx, serverURL)
	if err != nil {
		return "", nil, fmt.Errorf("connect to %s: %w", serverURL, err)
	}
	defer conn.Close(ctx)
	name := randomName(prefix)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		return "", nil, err
	}
	return withDatabase(serverURL, name), func() {
		ctx := context.Background()
		conn, err := pgx.Connect(ctx, serverURL)
		if err != nil {
			fmt.Fprintln(os.Stderr, "drop database", name+":", err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			fmt.Fprintln(os.Stderr, "drop database", name+":", err)
		}
	}, nil
}
