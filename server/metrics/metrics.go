// Package metrics exposes Keyward's counters at /metrics in the Prometheus text format, with
// prometheus/client_golang (the reference implementation, which also brings the Go runtime
// and process collectors). The hot path only bumps atomic counters in the domain packages;
// this package reads them when Prometheus scrapes.
package metrics

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/jobs"
	"github.com/keyward/keyward/server/notify"
	"github.com/keyward/keyward/server/tokens"
	"github.com/keyward/keyward/server/web"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Sources are what the metrics are read from.
type Sources struct {
	DB     *db.DB
	Tokens *tokens.Service
	HTTP   *web.HTTPStats
	Notify *notify.Service
	Jobs   *jobs.Runner
	Log    *slog.Logger
}

// Handler returns the /metrics handler over a registry of Keyward's own metrics.
func Handler(src Sources) http.Handler {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	st := src.Tokens.Stats()
	for _, r := range tokens.Outcomes {
		result := string(r)
		if r == tokens.OK {
			result = "ok"
		}
		reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "keyward_token_verifications_total", Help: "Token verifications by outcome.",
			ConstLabels: prometheus.Labels{"result": result},
		}, func() float64 { return float64(st.Results(r)) }))
	}
	reg.MustRegister(
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "keyward_token_cache_lookups_total", Help: "Lookups in the verification cache.",
			ConstLabels: prometheus.Labels{"result": "hit"}}, func() float64 { return float64(st.CacheHits.Load()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "keyward_token_cache_lookups_total", Help: "Lookups in the verification cache.",
			ConstLabels: prometheus.Labels{"result": "miss"}}, func() float64 { return float64(st.CacheMisses.Load()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "keyward_token_cache_entries", Help: "Entries in the verification cache (at most KEYWARD_TOKEN_CACHE_SIZE)."},
			func() float64 { return float64(src.Tokens.Cache().Len()) }),
		prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "keyward_token_cache_evictions_total", Help: "Cache entries that made room for others because the cache was full."},
			func() float64 { return float64(src.Tokens.Cache().Evictions()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "keyward_event_followers", Help: "Resource servers following GET /api/v1/events on this replica."},
			func() float64 { return float64(src.Tokens.Cache().Feed().Subscribers()) }),
	)
	for _, h := range web.Handlers {
		for class := 2; class <= 5; class++ {
			reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "keyward_http_requests_total", Help: "Answered HTTP requests by handler and status class.",
				ConstLabels: prometheus.Labels{"handler": h, "code": strconv.Itoa(class) + "xx"},
			}, func() float64 { return float64(src.HTTP.Count(h, class)) }))
		}
	}
	for _, kind := range notify.EmailKinds {
		es := src.Notify.Stats(kind)
		for outcome, n := range map[string]func() uint64{"sent": es.Sent.Load, "failed": es.Failed.Load} {
			reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
				Name: "keyward_email_attempts_total", Help: "Email delivery attempts by kind and outcome (a failed one is retried).",
				ConstLabels: prometheus.Labels{"kind": kind, "outcome": outcome},
			}, func() float64 { return float64(n()) }))
		}
	}
	reg.MustRegister(&stateCollector{src: src,
		pending: prometheus.NewDesc("keyward_approvals_pending", "Whitelist entries waiting for a Business Owner.", nil, nil),
		failing: prometheus.NewDesc("keyward_emails_failing", "Emails not delivered yet after a failure (retryable) or given up (discarded).", []string{"state"}, nil),
	})
	return promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorLog: slog.NewLogLogger(src.Log.Handler(), slog.LevelError)})
}

// stateCollector reads, at each scrape, what lives in the database.
type stateCollector struct {
	src              Sources
	pending, failing *prometheus.Desc
}

func (c *stateCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.pending
	ch <- c.failing
}

func (c *stateCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	n, err := c.src.DB.NewSelect().Table("whitelist_entries").Where("status = 'PENDING'").Count(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.pending, err)
	} else {
		ch <- prometheus.MustNewConstMetric(c.pending, prometheus.GaugeValue, float64(n))
	}
	problems, err := c.src.Jobs.Problems(ctx, 1000)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(c.failing, err)
		return
	}
	counts := map[string]int{"retryable": 0, "discarded": 0}
	for _, p := range problems {
		if p.Kind != "email" {
			continue
		}
		if p.State == "discarded" {
			counts["discarded"]++
		} else {
			counts["retryable"]++
		}
	}
	for state, v := range counts {
		ch <- prometheus.MustNewConstMetric(c.failing, prometheus.GaugeValue, float64(v), state)
	}
}
