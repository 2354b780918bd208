// Package storetest holds what the services' own tests (access, tokens, ...) ask of their
// database, on top of the fresh databases of db/dbtest.
package storetest

import (
	"context"
	"testing"

	"github.com/keyward/keyward/server/access"
	"github.com/uptrace/bun"
)

// Count returns how many rows table holds.
func Count(t testing.TB, ctx context.Context, d bun.IDB, table string) int {
	t.Helper()
	var n int
	if err := d.NewRaw("SELECT count(*) FROM "+table).Scan(ctx, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// RoleID returns the id of the role named name, as svc lists the roles to ctx's principal.
func RoleID(t testing.TB, ctx context.Context, svc *access.Service, name string) int64 {
	t.Helper()
	roles, err := svc.Roles(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range roles {
		if r.Name == name {
			return r.ID
		}
	}
	t.Fatalf("no role %s", name)
	return 0
}
