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

// openPool opens database/sql over pool, with a retry of a statement that met a terminated
// connection (database/sql retries a driver.ErrBadConn on a fresh connection).
func openPool(pool *pgxpool.Pool) *sql.DB {
	db := sql.OpenDB(retryConnector{stdlib.GetPoolConnector(pool), pool})
	db.SetMaxIdleConns(0) // as stdlib.OpenDBFromPool: the pool keeps the idle connections
	return db
}

type retryConnector struct {
	driver.Connector
	pool *pgxpool.Pool
}

func (c retryConnector) Connect(ctx context.Context) (driver.Conn, error) {
	conn, err := c.Connector.Connect(ctx)
	if err != nil {
		return nil, err
	}
	return &retryConn{conn.(*stdlib.Conn), c.pool}, nil
}

// retryConn turns the errors of a terminated connection into driver.ErrBadConn, so that
// database/sql runs the statement (or begins the transaction) again on another connection.
// Everything else is pgx's stdlib.Conn.
type retryConn struct {
	*stdlib.Conn
	pool *pgxpool.Pool
}

func (c *retryConn) badConn(err error) error {
	if Retry(c.pool, err) {
		return driver.ErrBadConn
	}
	return err
}

// Retry reports whether err is Terminated, and if so empties pool: when Postgres ends one
// backend of the pool (a restart, a failover) it usually ended them all, and the next
// attempt must get a new connection, not another idle one that is just as dead.
func Retry(pool *pgxpool.Pool, err error) bool {
	if !Terminated(err) {
		return false
	}
	pool.Reset()
	return true
}

func (c *retryConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	r, err := c.Conn.ExecContext(ctx, query, args)
	return r, c.badConn(err)
}

func (c *retryConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	r, err := c.Conn.QueryContext(ctx, query, args)
	return r, c.badConn(err)
}

func (c *retryConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	tx, err := c.Conn.BeginTx(ctx, opts)
	return tx, c.badConn(err)
}

func (c *retryConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	st, err := c.Conn.PrepareContext(ctx, query)
	return st, c.badConn(err)
}
