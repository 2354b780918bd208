package db_test

import (
	"context"
	"strings"
	"testing"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

func TestMigrateUpDownUp(t *testing.T) {
	for _, dialect := range []db.Dialect{db.SQLite, db.Postgres} {
		t.Run("database="+string(dialect), func(t *testing.T) {
			ctx := context.Background()
			d, err := db.Open(ctx, dbtest.URL(t, dialect))
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			// Postgres databases come migrated from the template; roll back to empty first.
			if dialect == db.Postgres {
				if _, err := d.Rollback(ctx); err != nil {
					t.Fatalf("rollback: %v", err)
				}
			}
			applied, err := d.Migrate(ctx)
			if err != nil {
				t.Fatalf("migrate: %v", err)
			}
			if len(applied) == 0 {
				t.Fatal("migrate applied nothing on an empty database")
			}
			again, err := d.Migrate(ctx)
			if err != nil || len(again) != 0 {
				t.Fatalf("second migrate = %v, %v; want nothing applied", again, err)
			}
			var roles int
			if err := d.NewRaw("SELECT count(*) FROM roles").Scan(ctx, &roles); err != nil || roles != 4 {
				t.Fatalf("seeded roles = %d, %v; want 4", roles, err)
			}
			status, err := d.MigrationsStatus(ctx)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range status {
				if !s.Applied {
					t.Errorf("%s not applied", s.Name)
				}
			}
			if _, err := d.Rollback(ctx); err != nil {
				t.Fatalf("rollback: %v", err)
			}
			if err := d.NewRaw("SELECT count(*) FROM roles").Scan(ctx, &roles); err == nil {
				t.Fatal("roles table still exists after rollback")
			}
			if _, err := d.Migrate(ctx); err != nil {
				t.Fatalf("migrate after rollback: %v", err)
			}
		})
	}
}

func TestOpenRejectsUnknownScheme(t *testing.T) {
	if _, err := db.Open(context.Background(), "mysql://x"); err == nil {
		t.Fatal("want an error for an unsupported URL")
	}
}

func TestOpenRedactsPassword(t *testing.T) {
	_, err := db.Open(context.Background(), "postgres://keyward:s3cretpw@127.0.0.1:1/x?connect_timeout=1")
	if err == nil {
		t.Fatal("want a connection error")
	}
	if contains(err.Error(), "s3cretpw") {
		t.Fatalf("error leaks the password: %v", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
