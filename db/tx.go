package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/uptrace/bun"
)

// RunInTx runs fn in a transaction, committed when fn returns nil. It shadows bun's so that,
// on Postgres, the transaction's pgx connection travels in ctx: River enqueues a job with
// pgx, and PgxTx hands it the very transaction bun is writing in.
//
// A transaction that could not begin because Postgres had closed its connection (see
// Terminated) is begun once more on another connection; fn has not run then.
func (d *DB) RunInTx(ctx context.Context, opts *sql.TxOptions, fn func(ctx context.Context, tx bun.Tx) error) error {
	if d.Engine != Postgres {
		return d.DB.RunInTx(ctx, opts, fn)
	}
	ran := false
	err := d.runInTx(ctx, opts, func(ctx context.Context, tx bun.Tx) error {
		ran = true
		return fn(ctx, tx)
	})
	if err != nil && !ran && (errors.Is(err, driver.ErrBadConn) || Retry(d.Pool, err)) {
		return d.runInTx(ctx, opts, fn)
	}
	return err
}

func (d *DB) runInTx(ctx context.Context, opts *sql.TxOptions, fn func(ctx context.Context, tx bun.Tx) error) error {
	conn, err := d.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var pc *pgx.Conn
	if err := conn.Raw(func(dc any) error {
		c, ok := dc.(*retryConn)
		if !ok {
			return fmt.Errorf("db: unexpected driver connection %T", dc)
		}
		pc = c.Conn.Conn()
		return nil
	}); err != nil {
		return err
	}
	return conn.RunInTx(ctx, opts, func(ctx context.Context, tx bun.Tx) error {
		return fn(context.WithValue(ctx, pgxConnKey{}, pc), tx)
	})
}

type pgxConnKey struct{}

// PgxTx returns the transaction that RunInTx opened on Postgres, as a pgx.Tx for River. It
// cannot commit or roll back (bun does that); Begin opens a savepoint.
func PgxTx(ctx context.Context) (pgx.Tx, error) {
	pc, _ := ctx.Value(pgxConnKey{}).(*pgx.Conn)
	if pc == nil {
		return nil, errors.New("db: no Postgres transaction in context (use DB.RunInTx)")
	}
	return &borrowedTx{conn: pc}, nil
}

var savepoints atomic.Int64

// borrowedTx is a pgx.Tx over a connection whose transaction database/sql owns.
type borrowedTx struct {
	conn      *pgx.Conn
	savepoint string // set on a nested transaction
	done      bool
}

var errBorrowed = errors.New("db: the outer transaction is committed by bun, not by River")

func (t *borrowedTx) Begin(ctx context.Context) (pgx.Tx, error) {
	name := fmt.Sprintf("kw_sp_%d", savepoints.Add(1))
	if _, err := t.conn.Exec(ctx, "SAVEPOINT "+name); err != nil {
		return nil, err
	}
	return &borrowedTx{conn: t.conn, savepoint: name}, nil
}

func (t *borrowedTx) Commit(ctx context.Context) error { return t.end(ctx, "RELEASE SAVEPOINT ") }

func (t *borrowedTx) Rollback(ctx context.Context) error { return t.end(ctx, "ROLLBACK TO SAVEPOINT ") }

// end closes a nested transaction with verb; the outer one is bun's to end.
func (t *borrowedTx) end(ctx context.Context, verb string) error {
	if t.savepoint == "" {
		return errBorrowed
	}
	if t.done {
		return pgx.ErrTxClosed
	}
	t.done = true
	_, err := t.conn.Exec(ctx, verb+t.savepoint)
	return err
}

func (t *borrowedTx) CopyFrom(ctx context.Context, table pgx.Identifier, cols []string, src pgx.CopyFromSource) (int64, error) {
	return t.conn.CopyFrom(ctx, table, cols, src)
}

func (t *borrowedTx) SendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return t.conn.SendBatch(ctx, b)
}

func (t *borrowedTx) LargeObjects() pgx.LargeObjects { return pgx.LargeObjects{} }

func (t *borrowedTx) Prepare(ctx context.Context, name, sql string) (*pgconn.StatementDescription, error) {
	return t.conn.Prepare(ctx, name, sql)
}

func (t *borrowedTx) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return t.conn.Exec(ctx, sql, args...)
}

func (t *borrowedTx) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return t.conn.Query(ctx, sql, args...)
}

func (t *borrowedTx) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return t.conn.QueryRow(ctx, sql, args...)
}

func (t *borrowedTx) Conn() *pgx.Conn { return t.conn }
