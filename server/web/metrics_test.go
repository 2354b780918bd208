package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/app"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/config"
)

func scrape(t *testing.T, e *apptest.Env) (int, string) {
	t.Helper()
	res, err := http.Get(e.Server.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func metric(t *testing.T, text, series string) float64 {
	t.Helper()
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(text)
	if m == nil {
		t.Fatalf("no %s in:\n%s", series, text)
	}
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMetrics(t *testing.T) {
	e := apptest.New(t, db.SQLite)
	admin := e.SetupAdmin(t)
	tok := createToken(t, admin, "Metered", "Auditor", map[string]any{"whitelist": []string{"127.0.0.1"}})
	sec := tok.CreateToken.Secret
	for range 3 {
		if r := call(t, e, "GET", "/api/v1/whoami", map[string]string{"X-Auth-Token": sec}, ""); r.Status != 200 {
			t.Fatalf("whoami %d", r.Status)
		}
	}
	call(t, e, "GET", "/api/v1/whoami", map[string]string{"X-Auth-Token": "kw_nope"}, "")

	status, text := scrape(t, e)
	if status != http.StatusOK {
		t.Fatalf("/metrics answered %d", status)
	}
	if n := metric(t, text, `keyward_token_verifications_total{result="ok"}`); n != 3 {
		t.Errorf("ok verifications = %v, want 3", n)
	}
	if n := metric(t, text, `keyward_token_verifications_total{result="malformed"}`); n != 1 {
		t.Errorf("malformed verifications = %v, want 1", n)
	}
	if hits, misses := metric(t, text, `keyward_token_cache_lookups_total{result="hit"}`), metric(t, text, `keyward_token_cache_lookups_total{result="miss"}`); hits != 2 || misses != 1 {
		t.Errorf("cache hits %v misses %v, want 2 and 1", hits, misses)
	}
	if n := metric(t, text, `keyward_http_requests_total{code="2xx",handler="api"}`); n != 3 {
		t.Errorf("api 2xx = %v, want 3", n)
	}
	if n := metric(t, text, `keyward_http_requests_total{code="4xx",handler="api"}`); n != 1 {
		t.Errorf("api 4xx = %v, want 1", n)
	}
	metric(t, text, `keyward_approvals_pending`)
	metric(t, text, `keyward_emails_failing{state="retryable"}`)
	metric(t, text, `keyward_email_attempts_total{kind="approval_request",outcome="sent"}`)
	if !strings.Contains(text, "go_goroutines") {
		t.Error("no Go runtime metrics")
	}
	if strings.Contains(text, sec) {
		t.Fatal("a secret in /metrics")
	}
}

// /metrics answers only the addresses of KEYWARD_METRICS_ALLOW (loopback by default).
func TestMetricsOnlyForAllowedAddresses(t *testing.T) {
	e := apptest.New(t, db.SQLite, func(c *config.Config, _ *app.Options) {
		c.MetricsAllow = nil
	})
	if status, _ := scrape(t, e); status != http.StatusNotFound {
		t.Fatalf("/metrics for a client not allowed: %d", status)
	}
	cfg, err := config.Load(func(string) string { return "" }, nil)
	if err != nil || len(cfg.MetricsAllow) != 2 || cfg.MetricsAllow[0].String() != "127.0.0.0/8" || cfg.MetricsAllow[1].String() != "::1/128" {
		t.Fatalf("default allow list %v (%v)", cfg.MetricsAllow, err)
	}
	cfg, err = config.Load(func(k string) string {
		if k == "KEYWARD_METRICS_ALLOW" {
			return "none"
		}
		return ""
	}, nil)
	if err != nil || len(cfg.MetricsAllow) != 0 {
		t.Fatalf("none: %v (%v)", cfg.MetricsAllow, err)
	}
}
