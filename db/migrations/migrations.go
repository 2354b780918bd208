// Package migrations holds Keyward's schema migrations: SQL files rendered as templates so
// that one set serves both SQLite and Postgres.
package migrations

import (
	"embed"

	"github.com/uptrace/bun/migrate"
)

//go:embed *.sql
var files embed.FS

// Migrations is every migration, in order.
var Migrations = migrate.NewMigrations()

func init() {
	if err := Migrations.Discover(files); err != nil {
		panic(err)
	}
}
