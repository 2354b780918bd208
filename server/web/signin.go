package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/signin"
	"github.com/keyward/keyward/server/tokens"
)

// signInAPI serves the anonymous half of API sign-in: POST (or PUT) /api/v1/auth/login and
// POST /api/v1/auth/refresh. Logout needs the access token, so it is a machine API route.
func signInAPI(d Deps) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/auth/login", login(d))
	mux.HandleFunc("PUT /api/v1/auth/login", login(d))
	mux.HandleFunc("POST /api/v1/auth/refresh", refresh(d))
	return mux
}

// isSignInPath reports whether path is served by signInAPI.
func isSignInPath(path string) bool {
	return path == "/api/v1/auth/login" || path == "/api/v1/auth/refresh"
}

type loginRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	// CurrentPassword is an alias of Password (the body some clients already send).
	CurrentPassword string `json:"currentPassword"`
	Code            string `json:"code"`
}

type grantView struct {
	AccessToken  string       `json:"access_token"`
	TokenType    string       `json:"token_type"`
	ExpiresIn    int          `json:"expires_in"`
	RefreshToken string       `json:"refresh_token"`
	User         *signin.User `json:"user,omitempty"`
}

// decodeBody reads a small JSON object into v, answering 400 (naming the field when it can)
// or 413 itself; false when it did.
func decodeBody(w http.ResponseWriter, r *http.Request, v any, example string) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 16<<10))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil {
		if dec.Decode(new(json.RawMessage)) != io.EOF {
			err = errors.New("one JSON object")
		}
	}
	if err == nil {
		return true
	}
	var maxErr *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &maxErr):
		writeJSON(w, http.StatusRequestEntityTooLarge, map[string]string{"error": "bad_request", "message": "the body is too large"})
	case errors.As(err, &typeErr) && typeErr.Field != "":
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_request", "message": typeErr.Field + " must be a string", "field": typeErr.Field})
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_request", "message": "unknown field " + f, "field": f})
	default:
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_request", "message": "the body must be a JSON object like " + example})
	}
	return false
}

func badField(w http.ResponseWriter, field, message string) {
	writeJSON(w, http.StatusBadRequest, map[string]string{"error": "bad_request", "message": message, "field": field})
}

// login answers /api/v1/auth/login: the contract's grant, 401 unauthorized for bad
// credentials (the same words whether or not the account exists) and 401 code_required when
// the user signs in with an emailed code.
func login(d Deps) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ctx := r.Context()
		var req loginRequest
		if !decodeBody(w, r, &req, `{"email":"…","password":"…"}`) {
			return
		}
		password := req.Password
		switch {
		case req.Password != "" && req.CurrentPassword != "" && req.Password != req.CurrentPassword:
			badField(w, "currentPassword", "send the password once: password and currentPassword differ")
			return
		case password == "":
			password = req.CurrentPassword
		}
		code := strings.Join(strings.Fields(req.Code), "")
		switch {
		case strings.TrimSpace(req.Email) == "":
			badField(w, "email", "email is required")
			return
		case password == "":
			badField(w, "password", "password is required")
			return
		case len(req.Email) > 320:
			badField(w, "email", "email is too long")
			return
		case len(password) > 1024:
			badField(w, "password", "password is too long")
			return
		case code != "" && (len(code) != 6 || strings.Trim(code, "0123456789") != ""):
			badField(w, "code", "code must be the 6 digits from the email")
			return
		}
		g, err := d.SignIn.Login(ctx, signin.Attempt{Email: req.Email, Password: password, Code: code,
			IP: ClientIP(r, d.TrustedProxies), UserAgent: r.UserAgent()})
		if err != nil {
			signInError(w, r, d, err)
			return
		}
		writeJSON(w, http.StatusOK, grantView{g.AccessToken, "Bearer", g.ExpiresIn, g.RefreshToken, &g.User})
	}
}

func signInError(w http.ResponseWriter, r *http.Request, d Deps, err error) {
	e := errs.As(err)
	switch {
	case errors.Is(err, signin.ErrCodeRequired):
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "code_required", "message": err.Error()})
	case errors.Is(err, signin.ErrInvalidRefresh):
		writeStatic(w, http.StatusUnauthorized, bodyBadRefresh)
	case e != nil && e.Kind == errs.Unauthenticated:
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "unauthorized", "message": e.Message})
	case e != nil && e.Kind == errs.Invalid && e.Field == "code":
		// A wrong code is a failed credential; its message says how many attempts are left.
		writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "unauthorized", "message": e.Message, "field": "code"})
	default:
		internalError(r.Context(), d.Log, w, "api: sign-in", err)
	}
}

var bodyBadRefresh = errorBody("unauthorized", signin.ErrInvalidRefresh.Error())

// refresh answers /api/v1/auth/refresh: a new access token and a new refresh token for one
// unused refresh token. An address that keeps sending bad ones is held back (429) as one
// sending bad tokens is.
func refresh(d Deps) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ip := ClientIP(r, d.TrustedProxies)
		if after := d.Tokens.RetryAfter(ip); after > 0 {
			writeRateLimited(w, after)
			return
		}
		var req struct {
			RefreshToken string `json:"refresh_token"`
		}
		if !decodeBody(w, r, &req, `{"refresh_token":"kwr_…"}`) {
			return
		}
		if strings.TrimSpace(req.RefreshToken) == "" {
			badField(w, "refresh_token", "refresh_token is required")
			return
		}
		g, err := d.SignIn.Refresh(r.Context(), strings.TrimSpace(req.RefreshToken), ip)
		if err != nil {
			signInError(w, r, d, err)
			return
		}
		writeJSON(w, http.StatusOK, grantView{g.AccessToken, "Bearer", g.ExpiresIn, g.RefreshToken, nil})
	}
}

// logout answers POST /api/v1/auth/logout: 204, and the sign-in of the presented access
// token has ended everywhere.
func logout(d Deps) apiHandler {
	return func(w http.ResponseWriter, r *http.Request, id *tokens.Identity, ip netip.Addr, _ time.Time) {
		err := d.SignIn.Logout(r.Context(), id, ip)
		switch {
		case errors.Is(err, signin.ErrNotSignIn):
			WriteError(w, http.StatusBadRequest, "bad_request", err.Error())
		case err != nil:
			internalError(r.Context(), d.Log, w, "api: logout", err)
		default:
			w.WriteHeader(http.StatusNoContent)
		}
	}
}

// jwks serves the public keys of access tokens for resource servers that check them
// offline. It may be cached a minute: a new key is published well before it signs.
func jwks(d Deps) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		b, err := d.SignIn.Keys().JWKS(r.Context())
		if err != nil {
			internalError(r.Context(), d.Log, w, "jwks", err)
			return
		}
		w.Header().Set("Content-Type", "application/jwk-set+json")
		publicDocument(w.Header(), "public, max-age=60")
		_, _ = w.Write(b)
	}
}
