package db

import (
	"context"
	"database/sql"
	"errors"

	"github.com/uptrace/bun"
)

// Found scans q, a select of one row into its model: a missing row is the error missing (nil:
// none), any other error comes back as it is.
func Found(ctx context.Context, q *bun.SelectQuery, missing error) error {
	err := q.Scan(ctx)
	if errors.Is(err, sql.ErrNoRows) {
		return missing
	}
	return err
}

// Affected is how many rows the statement that gave res and err changed (a delete, an update),
// or its error.
func Affected(res sql.Result, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// CountBy counts the rows q selects (its model and filters) by the id in column: a key with
// no row is left out. It reads them in one query.
func CountBy(ctx context.Context, q *bun.SelectQuery, column string) (map[int64]int, error) {
	var rows []struct {
		Key int64 `bun:"group_key"`
		N   int   `bun:"n"`
	}
	err := q.ColumnExpr("? AS group_key, count(*) AS n", bun.Ident(column)).GroupExpr("?", bun.Ident(column)).Scan(ctx, &rows)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]int, len(rows))
	for _, r := range rows {
		out[r.Key] = r.N
	}
	return out, nil
}
