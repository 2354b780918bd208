package db

import (
	"context"
	"fmt"

	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
)

// migrateRiver brings River's own tables (jobs, leader election, queues) up to date, on the
// same database as Keyward's, so that a job is enqueued in the transaction of the change that
// causes it.
func (d *DB) migrateRiver(ctx context.Context) error {
	var err error
	switch d.Engine {
	case Postgres:
		mig, e := rivermigrate.New(riverpgxv5.New(d.Pool), nil)
		if e != nil {
			return fmt.Errorf("db: river migrations: %w", e)
		}
		_, err = mig.Migrate(ctx, rivermigrate.DirectionUp, nil)
	default:
		mig, e := rivermigrate.New(riversqlite.New(d.SQL), nil)
		if e != nil {
			return fmt.Errorf("db: river migrations: %w", e)
		}
		_, err = mig.Migrate(ctx, rivermigrate.DirectionUp, nil)
	}
	if err != nil {
		return fmt.Errorf("db: river migrations: %w", err)
	}
	return nil
}
