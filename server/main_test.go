package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/app/apptest"
)

func TestMain(m *testing.M) {
	if os.Getenv(crashChild) == "1" {
		main() // the process a crash test kills
		os.Exit(0)
	}
	dbtest.Main(m)
}

func runCmd(t *testing.T, env map[string]string, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestVersionAndUsage(t *testing.T) {
	out, _, err := runCmd(t, nil, "", "version")
	if err != nil || !strings.HasPrefix(out, "keyward ") {
		t.Fatalf("version: %q %v", out, err)
	}
	if _, _, err := runCmd(t, nil, ""); err == nil {
		t.Fatal("no command: want an error")
	}
	if _, _, err := runCmd(t, nil, "", "frobnicate"); err == nil || !strings.Contains(err.Error(), "frobnicate") {
		t.Fatalf("unknown command: %v", err)
	}
}

func TestBadConfigNamesTheVariable(t *testing.T) {
	_, _, err := runCmd(t, map[string]string{"KEYWARD_LOG_FORMAT": "yaml"}, "", "migrate", "status")
	if err == nil || !strings.Contains(err.Error(), "KEYWARD_LOG_FORMAT") {
		t.Fatalf("err = %v", err)
	}
}

func TestMigrateAdminDemo(t *testing.T) {
	apptest.EachDialect(t, func(t *testing.T, dialect db.Dialect) {
		url := dbtest.URL(t, dialect)
		if dialect == db.SQLite {
			url = "sqlite:" + filepath.Join(t.TempDir(), "k.db")
		}
		env := map[string]string{"KEYWARD_DATABASE_URL": url, "KEYWARD_SECRET_KEY": "a2V5d2FyZC10ZXN0cy1zZWNyZXQta2V5LTMyYnl0ZXM="}
		if _, _, err := runCmd(t, env, "", "migrate", "up"); err != nil {
			t.Fatalf("migrate up: %v", err)
		}
		out, _, err := runCmd(t, env, "", "migrate", "status")
		if err != nil || !strings.Contains(out, "applied") || strings.Contains(out, "pending") {
			t.Fatalf("migrate status: %q %v", out, err)
		}
		// A bad email names the flag and creates nothing.
		_, _, err = runCmd(t, env, "a long enough password\n", "admin", "create", "--email", "not-an-email", "--name", "Root")
		if err == nil || !strings.Contains(err.Error(), "--email") {
			t.Fatalf("bad email: %v", err)
		}
		out, _, err = runCmd(t, env, "a long enough password\n", "admin", "create", "--email", "root@example.com", "--name", "Root")
		if err != nil || !strings.Contains(out, "root@example.com") {
			t.Fatalf("admin create: %q %v", out, err)
		}
		env["KEYWARD_ADMIN_PASSWORD"] = "short"
		if _, _, err := runCmd(t, env, "", "admin", "create", "--email", "two@example.com", "--name", "Two"); err == nil || !strings.Contains(err.Error(), "KEYWARD_ADMIN_PASSWORD") {
			t.Fatalf("short password: %v", err)
		}
		out, _, err = runCmd(t, env, "", "demo")
		if err != nil || !strings.Contains(out, "20 API modules and 4 roles") || !strings.Contains(out, "6 users added") || !strings.Contains(out, "customer@fincode.example") {
			t.Fatalf("demo: %q %v", out, err)
		}
		out, _, err = runCmd(t, env, "", "demo")
		if err != nil || !strings.Contains(out, "0 API modules and 0 roles") || strings.Contains(out, "users added") {
			t.Fatalf("demo again: %q %v", out, err)
		}
		d, err := db.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		var n int
		// The administrator, FinCode's four, and Acme Fintech's two, who belong to it.
		if err := d.NewRaw("SELECT count(*) FROM users").Scan(context.Background(), &n); err != nil || n != 7 {
			t.Fatalf("users = %d, %v; want 7", n, err)
		}
		if err := d.NewRaw("SELECT count(*) FROM users u JOIN partners p ON p.id = u.partner_id WHERE p.name = 'Acme Fintech'").Scan(context.Background(), &n); err != nil || n != 2 {
			t.Fatalf("Acme's users = %d, %v; want 2", n, err)
		}

		// Signing keys: the first signs at once, a rotation signs after RotateDelay.
		out, _, err = runCmd(t, env, "", "keys", "rotate")
		if err != nil || !strings.Contains(out, "Added the signing key") || strings.Contains(out, "replaces") {
			t.Fatalf("keys rotate (first): %q %v", out, err)
		}
		out, _, err = runCmd(t, env, "", "keys", "rotate")
		if err != nil || !strings.Contains(out, "stays in the JWKS") {
			t.Fatalf("keys rotate: %q %v", out, err)
		}
		out, _, err = runCmd(t, env, "", "keys", "list")
		if err != nil || strings.Count(out, "signing") != 1 || strings.Count(out, "next") != 1 {
			t.Fatalf("keys list: %q %v", out, err)
		}
		var sealed string
		if err := d.NewRaw("SELECT private_key FROM signing_keys LIMIT 1").Scan(context.Background(), &sealed); err != nil || len(sealed) < 60 {
			t.Fatalf("the sealed key: %q %v", sealed, err)
		}
		if _, _, err := runCmd(t, env, "", "keys", "spin"); err == nil || !strings.Contains(err.Error(), "usage") {
			t.Fatalf("keys spin: %v", err)
		}
	})
}
