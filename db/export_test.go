package db

import "context"

// MigrateLockKey is the key of the Postgres advisory lock that serialises migrations.
const MigrateLockKey = migrateLockKey

// MigrationLock takes the migration lock as Migrate does, and returns its release.
func (d *DB) MigrationLock(ctx context.Context) (func(), error) { return d.migrationLock(ctx) }
