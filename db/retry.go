package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

// Terminated reports whether err says that Postgres had closed the connection before the
// statement reached it: the server ended the backend (a restart, a failover, an
// administrator's pg_terminate_backend) while the connection sat idle in the pool, and the
// statement met its farewell. Nothing of the statement ran, so running it again on another
// connection is safe.
func Terminated(err error) bool {
	if err == nil {
		return false
	}
	if pgconn.SafeToRetry(err) {
		return true
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Severity == "FATAL" && strings.HasPrefix(pe.Code, "57P0")
}

// openPool opens database/sql over pool, with one retry of a statement that met a
// terminated connection (database/sql retries a driver.ErrBadConn on a fresh connection).
func openPool(pool *pgxpool.Pool) *sql.DB {
	db := sql.OpenDB(retryConnector{stdlib.GetPoolConnector(pool)})
	db.SetMaxIdleConns(0) // as stdlib.OpenDBFromPool: the pool keeps the idle connections
	return db
}

type retryConnector struct{ driver.Connector }

func (c retryConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &retryConn{conn.(*stdlib.Conn)}, nil
}

// retryConn turns the errors of a terminated connection into driver.ErrBadConn, so that
// database/sql runs the statement (or begins the transaction) again on another connection.
// Everything else is pgx's stdlib.Conn.
type retryConn struct{ *stdlib.Conn }

func badConn(err error) error {
	if Terminated(err) {
		return driver.ErrBadConn
	}
	return err
}

func (c *retryConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	r, err := c.Conn.ExecContext(ctx, query, args)
	return r, badConn(err)
}

func (c *retryConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	r, err := c.Conn.QueryContext(ctx, query, args)
	return r, badConn(err)
}

func (c *retryConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.BeginTx(ctx, opts)
	return tx, badConn(err)
}

func (c *retryConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.Conn.PrepareContext(ctx, query)
	return st, badConn(err)
}
