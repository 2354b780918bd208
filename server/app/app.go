// Package app builds every part of Keyward from a Config: the database, the domain services
// and the HTTP handler. The keyward command and the tests share it.
package app

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/graph"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/approvals"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/config"
	"github.com/keyward/keyward/server/jobs"
	"github.com/keyward/keyward/server/mail"
	"github.com/keyward/keyward/server/metrics"
	"github.com/keyward/keyward/server/notify"
	"github.com/keyward/keyward/server/partners"
	"github.com/keyward/keyward/server/settings"
	"github.com/keyward/keyward/server/signin"
	"github.com/keyward/keyward/server/tokens"
	"github.com/keyward/keyward/server/web"
	"github.com/riverqueue/river"
	"github.com/uptrace/bun"
)

// App is a running Keyward.
type App struct {
	Config    *config.Config
	Log       *slog.Logger
	DB        *db.DB
	Clock     clock.Clock
	Access    *access.Service
	Tokens    *tokens.Service
	Usage     *tokens.Usage
	Settings  *settings.Service
	Sessions  *web.Sessions
	Notify    *notify.Service
	Approvals *approvals.Service
	Partners  *partners.Service
	SignIn    *signin.Service
	Jobs      *jobs.Runner
	// Refusals batches the audit events of refused requests.
	Refusals *audit.Refusals
	Handler  http.Handler
	// Broadcast shares token cache invalidations and settings changes with the other
	// replicas (Postgres only).
	Broadcast *tokens.Broadcast

	stop context.CancelFunc
	done sync.WaitGroup
}

// Cache lifetimes of the token verification cache: a known token is re-read from the
// database at least this often, even with no change to invalidate it.
const (
	cacheTTL      = 30 * time.Second
	cacheNegTTL   = 5 * time.Second
	usageInterval = 5 * time.Second
	// refusalInterval is how often the counted refusals are written to the audit trail.
	refusalInterval = 2 * time.Second
)

// Options are what tests (and the command) may set beyond the Config.
type Options struct {
	Clock    clock.Clock
	Log      io.Writer
	SPA      fs.FS
	Throttle *access.ThrottlePolicy
	Version  string
	// Jobs tunes the job runner (tests poll faster and retry sooner).
	Jobs jobs.Options
	// SettingsMaxAge is how long a copy of the settings serves (0: settings.DefaultMaxAge).
	SettingsMaxAge time.Duration
	// RefusalInterval is how often refusals are written (0: every 2 seconds).
	RefusalInterval time.Duration
	// QueryHook, when set, hears every statement run through bun from the start (tests and
	// tools count them).
	QueryHook bun.QueryHook
}

// NewLogger returns the logger for format ("text" or "json") writing to w.
func NewLogger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

// Open connects to the database of cfg and migrates it.
func Open(ctx context.Context, cfg *config.Config, log *slog.Logger) (*db.DB, error) {
	d, err := db.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	applied, err := d.Migrate(ctx)
	if err != nil {
		d.Close()
		return nil, err
	}
	for _, name := range applied {
		log.Info("migration applied", "name", name)
	}
	return d, nil
}

// New opens and migrates the database and builds every part.
func New(ctx context.Context, cfg *config.Config, opt Options) (*App, error) {
	if opt.Clock == nil {
		opt.Clock = clock.System{}
	}
	if opt.Log == nil {
		opt.Log = os.Stderr
	}
	if opt.SPA == nil {
		opt.SPA = emptyFS{}
	}
	throttle := access.DefaultThrottle
	if opt.Throttle != nil {
		throttle = *opt.Throttle
	}
	log := NewLogger(cfg.LogFormat, opt.Log)
	d, err := Open(ctx, cfg, log)
	if err != nil {
		return nil, fmt.Errorf("app: %w", err)
	}
	if opt.QueryHook != nil {
		d.AddQueryHook(opt.QueryHook)
	}
	a := &App{Config: cfg, Log: log, DB: d, Clock: opt.Clock}
	a.Access = access.New(d, opt.Clock, throttle)
	a.Settings = settings.New(d, opt.Clock, opt.SettingsMaxAge)
	a.Refusals = audit.NewRefusals(d, opt.Clock)
	a.Access.CountRefusals(a.Refusals)
	a.Tokens = tokens.New(d, opt.Clock, a.Access, tokens.NewCache(cacheTTL, cacheNegTTL, cfg.TokenCacheSize), a.Refusals, func(ctx context.Context) (tokens.Policy, error) {
		st, err := a.Settings.Get(ctx)
		return tokens.Policy{MaxLifetime: time.Duration(st.MaxTokenLifetimeDays) * 24 * time.Hour,
			RequireWhitelist: st.RequireWhitelist, WhitelistApproval: st.WhitelistApproval}, err
	})
	a.Tokens.Limit(tokens.NewLimiter(cfg.RefusalLimit, cfg.RefusalWindow))
	sender, err := mail.New(cfg.SMTPURL, cfg.MailFrom, log)
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	a.Notify = notify.New(d, a.Access, opt.Clock, sender, cfg.BaseURL.String(), log)
	a.Approvals = approvals.New(d, opt.Clock, a.Access, a.Tokens, a.Settings, a.Notify)
	a.Notify.UseOwners(a.Tokens, a.Approvals)
	a.Partners = partners.New(d, opt.Clock, a.Tokens)
	a.Approvals.UsePartners(a.Partners.BusinessOwners)
	a.Access.UsePartners(func(ctx context.Context, id int64) error {
		_, err := a.Partners.Partner(ctx, id)
		return err
	})
	secret, err := signin.SecretKey(cfg.SecretKey, signin.SecretFile(cfg.DatabaseURL))
	if err != nil {
		d.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	if cfg.SecretKey == nil && d.Engine == db.Postgres {
		log.Warn("KEYWARD_SECRET_KEY is not set: the signing keys are sealed with the key in " + signin.SecretFile(cfg.DatabaseURL) +
			"; set the same KEYWARD_SECRET_KEY on every replica instead")
	}
	keys := signin.NewKeyring(d, opt.Clock, secret, log)
	if err := keys.Start(ctx); err != nil {
		d.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	a.SignIn = signin.New(d, opt.Clock, a.Access, a.Tokens, keys, a.Refusals, cfg.BaseURL.String(), func(ctx context.Context) (time.Duration, error) {
		st, err := a.Settings.Get(ctx)
		return time.Duration(st.SignInLifetimeDays) * 24 * time.Hour, err
	})
	workers := river.NewWorkers()
	a.Notify.Register(workers)
	a.Approvals.RegisterExpiry(workers)
	a.Notify.RegisterExpiryScan(workers, func(ctx context.Context) (time.Duration, error) {
		st, err := a.Settings.Get(ctx)
		return time.Duration(st.ReminderWindowDays) * 24 * time.Hour, err
	})
	jo := opt.Jobs
	jo.Workers = workers
	audit.RegisterPrune(workers, d, opt.Clock, func(ctx context.Context) (time.Duration, error) {
		st, err := a.Settings.Get(ctx)
		return time.Duration(st.AuditRetentionDays) * 24 * time.Hour, err
	})
	a.Access.RegisterPruneThrottle(workers)
	a.SignIn.RegisterPrune(workers)
	a.Tokens.RegisterPruneUsage(workers)
	jo.Periodic = append(jo.Periodic, notify.ExpiryScanJob(), approvals.ExpiryJob(), audit.PruneJob(), access.PruneThrottleJob(), signin.PruneJob(),
		tokens.PruneUsageJob())
	if a.Jobs, err = jobs.New(d, log, jo); err != nil {
		d.Close()
		return nil, fmt.Errorf("app: %w", err)
	}
	a.Notify.SetJobs(a.Jobs)
	a.Access.SetLoginCodes(func(ctx context.Context) (bool, error) {
		st, err := a.Settings.Get(ctx)
		return st.LoginCodeRequired, err
	}, func(ctx context.Context, tx bun.Tx, codeID int64) error {
		return a.Notify.Email(ctx, tx, notify.EmailArgs{Type: notify.EmailLoginCode, ID: codeID})
	})
	a.Usage = tokens.NewUsage(d)
	a.Sessions = web.NewSessions(d, opt.Clock, func(ctx context.Context) (time.Duration, time.Duration) {
		st, err := a.Settings.Get(ctx)
		if err != nil {
			log.ErrorContext(ctx, "settings: read session timeouts", "err", err)
			st = settings.Defaults()
		}
		return time.Duration(st.SessionIdleTimeoutMinutes) * time.Minute, time.Duration(st.SessionLifetimeHours) * time.Hour
	}, cfg.SecureCookies())
	res := &graph.Resolver{DB: d, Clock: opt.Clock, Access: a.Access, Tokens: a.Tokens, Settings: a.Settings, Sessions: a.Sessions,
		Notify: a.Notify, Approvals: a.Approvals, Partners: a.Partners, Jobs: a.Jobs,
		Version: opt.Version, BaseURL: cfg.BaseURL.String()}
	httpStats := &web.HTTPStats{}
	a.Handler = web.NewHandler(web.Deps{
		Log: log, DB: d, Access: a.Access, Sessions: a.Sessions, Tokens: a.Tokens, Usage: a.Usage, Clock: opt.Clock,
		GraphQL: graph.NewHandler(res, log, a.Refusals), SPA: opt.SPA, TrustedProxies: cfg.TrustedProxies,
		Stats:        httpStats,
		Metrics:      metrics.Handler(metrics.Sources{DB: d, Tokens: a.Tokens, HTTP: httpStats, Notify: a.Notify, Jobs: a.Jobs, Log: log}),
		MetricsAllow: cfg.MetricsAllow,
		SignIn:       a.SignIn,
	})
	bg, stop := context.WithCancel(context.WithoutCancel(ctx))
	a.stop = stop
	if d.Pool != nil {
		a.Broadcast = tokens.StartBroadcast(bg, d.Pool, a.Tokens.Cache(), a.Settings.Forget, a.Settings.Hears, log)
		a.Settings.OnChange(func(settings.Settings) { a.Broadcast.SettingsChanged() })
	}
	if err := a.Jobs.Start(bg); err != nil {
		stop()
		if a.Broadcast != nil {
			a.Broadcast.Wait()
		}
		d.Close()
		return nil, fmt.Errorf("app: start jobs: %w", err)
	}
	a.done.Go(func() {
		a.Usage.Run(bg, usageInterval, func(err error) { log.Error("token usage", "err", err) })
	})
	a.done.Go(func() {
		a.Tokens.WatchExpiry(bg, a.Tokens.Cache().Feed(), func(err error) { log.Warn("events: look for expired tokens", "err", err) })
	})
	every := opt.RefusalInterval
	if every == 0 {
		every = refusalInterval
	}
	a.done.Go(func() {
		a.Refusals.Run(bg, every, func(err error) { log.Error("audit: write refusals", "err", err) })
	})
	return a, nil
}

// Close stops background work (writing the last token usage and refusals) and releases the
// database.
func (a *App) Close() error {
	stopCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.Jobs.Stop(stopCtx); err != nil {
		a.Log.Error("stop jobs", "err", err)
	}
	a.stop()
	a.done.Wait()
	if a.Broadcast != nil {
		a.Broadcast.Wait()
	}
	a.Sessions.Close()
	return a.DB.Close()
}

type emptyFS struct{}

func (emptyFS) Open(string) (fs.File, error) { return nil, fs.ErrNotExist }
