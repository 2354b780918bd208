package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"github.com/keyward/keyward/graph/consoledocs"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app"
	"github.com/keyward/keyward/server/config"
	"github.com/keyward/keyward/server/page"
	"github.com/keyward/keyward/server/tokens"
	"github.com/uptrace/bun"
)

// pageCase is one page the console asks for.
type pageCase struct {
	name   string
	query  string
	filter map[string]any
	after  string
	// order is the tokens list's orderBy (nil: newest first).
	order map[string]any
}

// sortedTokens is the console's tokens document with an order.
var sortedTokens = strings.NewReplacer("$after: String)", "$after: String, $orderBy: TokenOrder)",
	"after: $after)", "after: $after, orderBy: $orderBy)").Replace(consoledocs.Tokens)

// timing is what one page measured.
type timing struct {
	name          string
	statements    []string
	rows, total   int
	p50, p95, max time.Duration
}

// result is what one database measured.
type result struct {
	dialect db.Dialect
	seeded  time.Duration
	pages   []timing
}

// measure starts Keyward on the seeded database u, signs in as the administrator and times
// every page.
func measure(ctx context.Context, o options, u string) (result, error) {
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	env := map[string]string{"KEYWARD_DATABASE_URL": u, "KEYWARD_SECRET_KEY": base64.StdEncoding.EncodeToString(key)}
	cfg, err := config.Load(func(k string) string { return env[k] }, nil)
	if err != nil {
		return result{}, err
	}
	logs := io.Discard
	if o.verbose {
		logs = os.Stderr
	}
	hook := &statements{}
	a, err := app.New(ctx, cfg, app.Options{Log: logs, QueryHook: hook})
	if err != nil {
		return result{}, err
	}
	defer a.Close()
	srv := httptest.NewServer(a.Handler)
	defer srv.Close()
	res := result{dialect: a.DB.Engine}
	c, err := signIn(srv.URL)
	if err != nil {
		return res, err
	}
	cases, err := pageCases(ctx, a.DB)
	if err != nil {
		return res, err
	}
	fmt.Printf("%s: measuring %d pages, %d requests each…\n", res.dialect, len(cases), o.runs)
	for _, pc := range cases {
		if o.only != "" && !strings.Contains(pc.name, o.only) {
			continue
		}
		t, err := c.time(pc, o, hook)
		if err != nil {
			return res, fmt.Errorf("%s: %w", pc.name, err)
		}
		if o.verbose {
			fmt.Printf("%s:\n  %s\n", pc.name, strings.Join(t.statements, "\n  "))
		}
		res.pages = append(res.pages, t)
	}
	return res, nil
}

// pageCases are the pages of the console to time: the first and a middle page of each list,
// and each list's filters and search, on values the seeded data holds.
func pageCases(ctx context.Context, d *db.DB) ([]pageCase, error) {
	middle := func(table string) (string, error) {
		var n int
		if err := d.NewSelect().Table(table).ColumnExpr("count(*)").Scan(ctx, &n); err != nil {
			return "", err
		}
		var id int64
		err := d.NewSelect().Table(table).Column("id").OrderExpr("id").Limit(1).Offset(int64(n/2)).Scan(ctx, &id)
		return page.Cursor(id), err
	}
	var ids struct{ agent, manager, partner int64 }
	if err := d.NewSelect().Table("roles").Column("id").Where("name = 'AGENT'").Scan(ctx, &ids.agent); err != nil {
		return nil, fmt.Errorf("the database holds no AGENT role: seed it with listbench: %w", err)
	}
	if err := d.NewSelect().Table("roles").Column("id").Where("name = 'Security Manager'").Scan(ctx, &ids.manager); err != nil {
		return nil, err
	}
	if err := d.NewSelect().Table("partners").Column("id").Where("name = 'Northwind Payments'").Scan(ctx, &ids.partner); err != nil {
		return nil, err
	}
	midTokens, err := middle("tokens")
	if err != nil {
		return nil, err
	}
	midUsers, err := middle("users")
	if err != nil {
		return nil, err
	}
	var mid struct {
		At time.Time `bun:"at"`
		ID int64     `bun:"id"`
	}
	var events int
	if err := d.NewSelect().Table("audit_events").ColumnExpr("count(*)").Scan(ctx, &events); err != nil {
		return nil, err
	}
	if err := d.NewSelect().Table("audit_events").Column("at", "id").OrderExpr("at, id").Limit(1).Offset(int64(events/2)).Scan(ctx, &mid); err != nil {
		return nil, err
	}
	midEvents := page.TimeCursor(mid.At, mid.ID)
	// The cursor of the middle token in an order, as the list answers it.
	sortedMiddle := func(field string, desc bool) string {
		o := tokens.Order{Field: field, Desc: desc}
		col, dir := map[string]string{tokens.OrderName: "lower(name)", tokens.OrderExpiresAt: "expires_at", tokens.OrderLastUsedAt: "last_used_at"}[field], ""
		if desc {
			dir = " DESC"
		}
		n, _ := d.NewSelect().Model((*db.Token)(nil)).Where(col + " IS NOT NULL").Count(ctx)
		var t db.Token
		_ = d.NewSelect().Model(&t).Where(col + " IS NOT NULL").OrderExpr(col + dir).OrderExpr("id" + dir).Limit(1).Offset(int64(n / 2)).Scan(ctx)
		return o.Cursor(&t)
	}
	partner := fmt.Sprint(ids.partner)
	now := time.Now().UTC()
	f := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	return []pageCase{
		{name: "tokens: first page", query: consoledocs.Tokens},
		{name: "tokens: middle page", query: consoledocs.Tokens, after: midTokens},
		{name: "tokens: search \"payments\"", query: consoledocs.Tokens, filter: f("search", "payments")},
		{name: "tokens: search, middle page", query: consoledocs.Tokens, filter: f("search", "payments"), after: midTokens},
		{name: "tokens: search with no match", query: consoledocs.Tokens, filter: f("search", "no such token")},
		{name: "tokens: status active", query: consoledocs.Tokens, filter: f("status", "ACTIVE")},
		{name: "tokens: status expired", query: consoledocs.Tokens, filter: f("status", "EXPIRED")},
		{name: "tokens: status revoked", query: consoledocs.Tokens, filter: f("status", "REVOKED")},
		{name: "tokens: role", query: consoledocs.Tokens, filter: f("roleId", fmt.Sprint(ids.agent))},
		{name: "tokens: partner", query: consoledocs.Tokens, filter: f("partnerId", partner)},
		{name: "tokens: search, status and role", query: consoledocs.Tokens, filter: f("search", "prod", "status", "ACTIVE", "roleId", fmt.Sprint(ids.agent))},
		{name: "tokens: by name", query: sortedTokens, order: f("field", "NAME")},
		{name: "tokens: by name, middle page", query: sortedTokens, order: f("field", "NAME"), after: sortedMiddle(tokens.OrderName, false)},
		{name: "tokens: by expiry", query: sortedTokens, order: f("field", "EXPIRES_AT")},
		{name: "tokens: by expiry, middle page", query: sortedTokens, order: f("field", "EXPIRES_AT"), after: sortedMiddle(tokens.OrderExpiresAt, false)},
		{name: "tokens: by expiry, latest first", query: sortedTokens, order: f("field", "EXPIRES_AT", "direction", "DESC")},
		{name: "tokens: by last use, latest first", query: sortedTokens, order: f("field", "LAST_USED_AT", "direction", "DESC")},
		{name: "tokens: by last use, middle page", query: sortedTokens, order: f("field", "LAST_USED_AT", "direction", "DESC"), after: sortedMiddle(tokens.OrderLastUsedAt, true)},
		{name: "tokens: by creation, oldest first", query: sortedTokens, order: f("field", "CREATED_AT")},
		{name: "tokens: active, by expiry", query: sortedTokens, filter: f("status", "ACTIVE"), order: f("field", "EXPIRES_AT")},
		{name: "tokens: open to every address", query: sortedTokens, filter: f("openToEveryAddress", true)},
		{name: "tokens: open, by last use", query: sortedTokens, filter: f("openToEveryAddress", true), order: f("field", "LAST_USED_AT")},
		{name: "tokens: search, by name", query: sortedTokens, filter: f("search", "payments"), order: f("field", "NAME")},
		{name: "users: first page", query: consoledocs.Users},
		{name: "users: middle page", query: consoledocs.Users, after: midUsers},
		{name: "users: search \"maria\"", query: consoledocs.Users, filter: f("search", "maria")},
		{name: "users: search with no match", query: consoledocs.Users, filter: f("search", "nobody at all")},
		{name: "users: role", query: consoledocs.Users, filter: f("roleId", fmt.Sprint(ids.manager))},
		{name: "users: disabled", query: consoledocs.Users, filter: f("active", false)},
		{name: "users: partner", query: consoledocs.Users, filter: f("partnerId", partner)},
		{name: "audit: first page", query: consoledocs.Audit},
		{name: "audit: middle page", query: consoledocs.Audit, after: midEvents},
		{name: "audit: actor \"lovelace\"", query: consoledocs.Audit, filter: f("actor", "lovelace")},
		{name: "audit: actor, middle page", query: consoledocs.Audit, filter: f("actor", "lovelace"), after: midEvents},
		{name: "audit: actor with no match", query: consoledocs.Audit, filter: f("actor", "nobody at all")},
		{name: "audit: action user.login", query: consoledocs.Audit, filter: f("action", "user.login")},
		{name: "audit: action prefix token.", query: consoledocs.Audit, filter: f("action", "token.")},
		{name: "audit: rare action role.update", query: consoledocs.Audit, filter: f("action", "role.update")},
		{name: "audit: outcome denied", query: consoledocs.Audit, filter: f("outcome", "DENIED")},
		{name: "audit: one month, half a year ago", query: consoledocs.Audit,
			filter: f("from", now.AddDate(0, -7, 0).Format(time.RFC3339), "to", now.AddDate(0, -6, 0).Format(time.RFC3339))},
		{name: "audit: partner", query: consoledocs.Audit, filter: f("partnerId", partner)},
		{name: "audit: failed sign-ins", query: consoledocs.Audit, filter: f("action", "user.login", "outcome", "FAILURE")},
		{name: "audit: partner, denied", query: consoledocs.Audit, filter: f("partnerId", partner, "outcome", "DENIED")},
	}, nil
}

// client is a signed-in browser.
type client struct {
	base string
	http *http.Client
}

func signIn(base string) (*client, error) {
	jar, _ := cookiejar.New(nil)
	c := &client{base: base, http: &http.Client{Jar: jar}}
	var out struct {
		Login struct{ User *struct{ ID string } }
	}
	err := c.do(`mutation($e:String!,$p:String!){ login(email:$e,password:$p){ user { id } } }`,
		map[string]any{"e": adminEmail, "p": adminPassword}, &out)
	if err == nil && out.Login.User == nil {
		err = fmt.Errorf("sign-in as %s answered no user", adminEmail)
	}
	return c, err
}

// do posts one operation and decodes its data into v (when v is not nil).
func (c *client) do(query string, vars map[string]any, v any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, c.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if v == nil {
		return nil
	}
	var out struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal(raw, &out); err != nil {
		return fmt.Errorf("%d %s: %w", res.StatusCode, raw, err)
	}
	if len(out.Errors) > 0 {
		return fmt.Errorf("graphql: %s", out.Errors[0].Message)
	}
	return json.Unmarshal(out.Data, v)
}

// time asks for pc's page once, checking the answer and keeping the SQL statements it ran,
// then o.warmup times untimed, then o.runs times.
func (c *client) time(pc pageCase, o options, hook *statements) (timing, error) {
	vars := map[string]any{"first": o.first}
	if pc.filter != nil {
		vars["filter"] = pc.filter
	}
	if pc.after != "" {
		vars["after"] = pc.after
	}
	if pc.order != nil {
		vars["orderBy"] = pc.order
	}
	var conn map[string]struct {
		TotalCount int
		Edges      []json.RawMessage
	}
	hook.start()
	err := c.do(pc.query, vars, &conn)
	t := timing{name: pc.name, statements: hook.stop()}
	if err != nil {
		return t, err
	}
	for _, v := range conn {
		t.rows, t.total = len(v.Edges), v.TotalCount
	}
	for range o.warmup {
		if err := c.do(pc.query, vars, nil); err != nil {
			return t, err
		}
	}
	took := make([]time.Duration, 0, o.runs)
	for range o.runs {
		start := time.Now()
		if err := c.do(pc.query, vars, nil); err != nil {
			return t, err
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	t.p50, t.p95, t.max = percentile(took, 50), percentile(took, 95), took[len(took)-1]
	return t, nil
}

// percentile is the nearest-rank p-th percentile of sorted.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := (p*len(sorted)+99)/100 - 1
	return sorted[max(i, 0)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

// report prints every page's figures against the target.
func report(o options, results []result) error {
	fmt.Printf("\nOne page of %d, %d requests each, in-process over HTTP as the signed-in administrator; target p95 ≤ %s.\n", o.first, o.runs, ms(o.target))
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		fmt.Printf("Load average at the end: %s (%d CPUs): other work on the machine inflates the figures.\n", strings.Join(strings.Fields(string(b))[:3], " "), runtime.NumCPU())
	}
	fmt.Println()
	missed := 0
	for _, r := range results {
		if r.seeded > 0 {
			fmt.Printf("%s (seeded in %s)\n", r.dialect, r.seeded.Round(100*time.Millisecond))
		} else {
			fmt.Printf("%s\n", r.dialect)
		}
		fmt.Printf("  %-38s %5s %8s %5s %9s %9s %9s\n", "page", "rows", "total", "SQL", "p50", "p95", "max")
		for _, t := range r.pages {
			verdict := ""
			if t.p95 > o.target {
				verdict, missed = "  MISSES the target", missed+1
			}
			fmt.Printf("  %-38s %5d %8d %5d %9s %9s %9s%s\n", t.name, t.rows, t.total, len(t.statements), ms(t.p50), ms(t.p95), ms(t.max), verdict)
		}
		fmt.Println()
	}
	if missed > 0 {
		fmt.Printf("%d pages miss the target.\n", missed)
	} else {
		fmt.Println("Every page meets the target.")
	}
	return nil
}

// statements records the SQL that bun runs while it is started.
type statements struct {
	mu  sync.Mutex
	on  bool
	got []string
}

func (s *statements) start() {
	s.mu.Lock()
	s.on, s.got = true, nil
	s.mu.Unlock()
}

func (s *statements) stop() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.on = false
	return s.got
}

func (s *statements) BeforeQuery(ctx context.Context, e *bun.QueryEvent) context.Context { return ctx }

func (s *statements) AfterQuery(_ context.Context, e *bun.QueryEvent) {
	s.mu.Lock()
	if s.on {
		s.got = append(s.got, e.Query)
	}
	s.mu.Unlock()
}
