// Command keyward is Keyward's one binary: the server, its migrations and its admin tools.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/frontend"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/app"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/config"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/signin"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `Keyward: API tokens and access for your organisation's APIs.

Usage:
  keyward serve [flags]                 serve the console, GraphQL and the machine API
  keyward migrate up|down|status [flags]
  keyward admin create --email E --name N [flags]
                                        add an administrator (password from
                                        KEYWARD_ADMIN_PASSWORD or standard input)
  keyward demo [flags]                  add the demo API modules and roles
  keyward keys rotate|list [flags]      add a signing key for access tokens (it
                                        signs after 5 minutes; the old one stays
                                        published while its tokens live), or list them
  keyward keys secret                   print a new value for KEYWARD_SECRET_KEY
  keyward version

Every flag has an environment variable; run "keyward serve -h" to list them.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "keyward:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errors.New("a command is required")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, getenv, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout, stderr)
	case "admin":
		if len(rest) == 0 || rest[0] != "create" {
			return errors.New(`usage: keyward admin create --email E --name N`)
		}
		return adminCreate(ctx, rest[1:], getenv, stdin, stdout, stderr)
	case "demo":
		return demo(ctx, rest, getenv, stdout, stderr)
	case "keys":
		return keys(ctx, rest, getenv, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "keyward", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}

func loadConfig(args []string, getenv func(string) string, stderr io.Writer, extra ...func(*flag.FlagSet)) (*config.Config, error) {
	for _, a := range args {
		if a == "-h" || a == "--help" || a == "-help" {
			fmt.Fprintln(stderr, "Flags (each also read from its environment variable):")
			for _, v := range config.Vars {
				def := ""
				if v.Default != "" {
					def = fmt.Sprintf(" (default %q)", v.Default)
				}
				fmt.Fprintf(stderr, "  --%-22s %-30s %s%s\n", v.Flag, v.Env, v.Help, def)
			}
			return nil, flag.ErrHelp
		}
	}
	return config.Load(getenv, args, extra...)
}

func serve(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := loadConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	a, err := app.New(ctx, cfg, app.Options{Log: stderr, SPA: frontend.Dist(), Clock: clock.System{}, Version: version})
	if err != nil {
		return err
	}
	defer a.Close()
	srv := &http.Server{
		Addr:              cfg.Addr,
		Handler:           a.Handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		BaseContext:       func(net.Listener) context.Context { return context.WithoutCancel(ctx) },
	}
	// Shutdown waits for connections to go idle: the event streams end first.
	srv.RegisterOnShutdown(a.Tokens.Cache().Feed().Close)
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s (KEYWARD_ADDR): %w", cfg.Addr, err)
	}
	if setup, err := a.Access.SetupRequired(ctx); err == nil && setup {
		a.Log.Info("no user yet: open the console to create the first administrator", "url", cfg.BaseURL.String()+"/setup")
	}
	a.Log.Info("keyward serving", "addr", ln.Addr().String(), "url", cfg.BaseURL.String(), "database", dbKind(cfg.DatabaseURL), "version", version)
	errc := make(chan error, 1)
	if cfg.PprofAddr != "" {
		pl, err := net.Listen("tcp", cfg.PprofAddr)
		if err != nil {
			return fmt.Errorf("listen on %s (KEYWARD_PPROF_ADDR): %w", cfg.PprofAddr, err)
		}
		defer pl.Close()
		a.Log.Warn("serving Go's profiler: keep this address private", "addr", pl.Addr().String())
		go func() { _ = http.Serve(pl, pprofHandler()) }()
	}
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// pprofHandler serves net/http/pprof's pages, on their own listener: never on the public
// handler.
func pprofHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

func dbKind(u string) string {
	if strings.HasPrefix(u, "sqlite:") {
		return u
	}
	return "postgres"
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: keyward migrate up|down|status")
	}
	cfg, err := loadConfig(args[1:], getenv, stderr)
	if err != nil {
		return err
	}
	d, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer d.Close()
	switch args[0] {
	case "up":
		names, err := d.Migrate(ctx)
		return listMigrations(stdout, names, err, "applied", "the database is up to date")
	case "down":
		names, err := d.Rollback(ctx)
		return listMigrations(stdout, names, err, "rolled back", "nothing to roll back")
	case "status":
		st, err := d.MigrationsStatus(ctx)
		if err != nil {
			return err
		}
		for _, s := range st {
			state := "pending"
			if s.Applied {
				state = "applied"
			}
			fmt.Fprintf(stdout, "%-8s %s\n", state, s.Name)
		}
	default:
		return fmt.Errorf("unknown migrate command %q: use up, down or status", args[0])
	}
	return nil
}

// listMigrations prints each migration of names after done, or none when there is none.
func listMigrations(stdout io.Writer, names []string, err error, done, none string) error {
	if err != nil {
		return err
	}
	if len(names) == 0 {
		fmt.Fprintln(stdout, none)
	}
	for _, n := range names {
		fmt.Fprintln(stdout, done, n)
	}
	return nil
}

func adminCreate(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	var email, name string
	cfg, err := loadConfig(args, getenv, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "the administrator's email")
		fs.StringVar(&name, "name", "", "the administrator's name")
	})
	if err != nil {
		return err
	}
	password := getenv("KEYWARD_ADMIN_PASSWORD")
	if password == "" {
		fmt.Fprint(stderr, "Password (at least 12 characters): ")
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("no password given: set KEYWARD_ADMIN_PASSWORD or type it on standard input")
		}
		password = strings.TrimRight(line, "\r\n")
	}
	d, _, err := openApp(ctx, cfg, stderr)
	if err != nil {
		return err
	}
	defer d.Close()
	u, err := access.New(d, clock.System{}, access.DefaultThrottle).CreateAdministrator(ctx, email, name, password)
	if err != nil {
		if e := errs.As(err); e != nil && e.Field == "password" {
			return fmt.Errorf("the password (KEYWARD_ADMIN_PASSWORD or standard input): %s", e.Message)
		} else if e != nil && e.Field != "" {
			return fmt.Errorf("--%s: %s", e.Field, e.Message)
		}
		return err
	}
	fmt.Fprintf(stdout, "administrator %s created\n", u.Email)
	return nil
}

func demo(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	_, d, err := openCommand(ctx, args, getenv, stderr)
	if err != nil {
		return err
	}
	defer d.Close()
	return app.SeedDemo(ctx, d, clock.System{}, stdout)
}

// keys manages the keys that sign the access tokens of API sign-ins.
func keys(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	const use = "usage: keyward keys rotate|list|secret"
	if len(args) == 0 {
		return errors.New(use)
	}
	if args[0] == "secret" {
		fmt.Fprintln(stdout, signin.NewSecret())
		return nil
	}
	if args[0] != "rotate" && args[0] != "list" {
		return errors.New(use)
	}
	cfg, d, err := openCommand(ctx, args[1:], getenv, stderr)
	if err != nil {
		return err
	}
	defer d.Close()
	now := time.Now()
	if args[0] == "rotate" {
		secret, err := signin.SecretKey(cfg.SecretKey, signin.SecretFile(cfg.DatabaseURL))
		if err != nil {
			return err
		}
		delay := signin.RotateDelay
		if list, err := signin.ListKeys(ctx, d, now); err != nil {
			return err
		} else if !slices.ContainsFunc(list, func(k signin.KeyInfo) bool { return k.State == "signing" }) {
			delay = 0 // nothing signs yet: nobody has a token to check against the old JWKS
		}
		k, err := signin.AddKey(ctx, d, secret, now, delay)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Added the signing key %s: published now, it signs from %s.\n", k.KID, k.ActiveFrom.Local().Format(time.RFC3339))
		if delay > 0 {
			fmt.Fprintf(stdout, "The key it replaces stays in the JWKS until its last token expires (%s after that).\n", signin.AccessTokenLifetime)
		}
		return nil
	}
	list, err := signin.ListKeys(ctx, d, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%-22s %-10s %s\n", "KID", "STATE", "SIGNS FROM")
	for _, k := range list {
		fmt.Fprintf(stdout, "%-22s %-10s %s\n", k.KID, k.State, k.ActiveFrom.Local().Format(time.RFC3339))
	}
	return nil
}

// openCommand loads the configuration of a one-off command from args, then opens and
// migrates its database (the caller closes it).
func openCommand(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) (*config.Config, *db.DB, error) {
	cfg, err := loadConfig(args, getenv, stderr)
	if err != nil {
		return nil, nil, err
	}
	d, _, err := openApp(ctx, cfg, stderr)
	return cfg, d, err
}

func openDB(ctx context.Context, cfg *config.Config) (*db.DB, error) {
	return db.Open(ctx, cfg.DatabaseURL)
}

// openApp opens and migrates the database for a one-off command.
func openApp(ctx context.Context, cfg *config.Config, stderr io.Writer) (*db.DB, *slog.Logger, error) {
	log := app.NewLogger(cfg.LogFormat, stderr)
	d, err := app.Open(ctx, cfg, log)
	return d, log, err
}
