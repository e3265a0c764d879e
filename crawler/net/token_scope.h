/*
 * token_scope.h - which host's tokens a request may carry, and where
 * tokens come from. (Which token of a set is used, and when the next, is
 * token.c's.)
 *
 * The accounts file is edited by third parties upstream: an `api_url:`
 * pointing at another address must not receive GITHUB_TOKEN, least of all
 * over plain http. A token goes to an API only:
 *   - over https (or http to a loopback address, which never leaves the
 *     machine: the tests' fake forge);
 *   - to the host its variable names (GITHUB_TOKEN: github.com and
 *     api.github.com; GITLAB_TOKEN: gitlab.com; INVENTAIRE_TOKEN_<HOST>:
 *     HOST), which is how INVENTAIRE_TOKEN_<HOST> authorises any API host
 *     explicitly;
 *   - or, for the account's own host's tokens, to an api_url on the same
 *     registered domain (api.example.org for example.org, or
 *     gitlab-api.example.org for gitlab.example.org).
 * Otherwise no token is sent, and the caller is told why, to warn.
 */
#ifndef INVENTAIRE_TOKEN_SCOPE_H
#define INVENTAIRE_TOKEN_SCOPE_H

/*
 * For an account on HOST whose API root is API_URL: *OUT the host whose
 * tokens to send (token_set_from_env(*OUT)), or NULL to send none. When a
 * token exists but may not go there, *WHY says so and what to do (else
 * NULL). Both malloc'd. Never fails.
 */
void token_scope(char **out, char **why, const char *host, const char *api_url);

/* The host whose variable to name in a message that asks for a token:
 * HOST when API_URL is on its domain, else API_URL's host. Malloc'd. */
char *token_scope_suggest(const char *host, const char *api_url);

/*
 * The value of the token variable VAR: the environment's, or when it is
 * unset, the file $CREDENTIALS_DIRECTORY/VAR (systemd's LoadCredential=,
 * systemd.exec(5)), in the same comma-separated form. *OUT is NULL when
 * neither is there (a missing file is not an error). ERROR_IO (with the
 * path) when the file cannot be read, ERROR_TOOBIG over 64 KiB.
 */
int token_lookup(char **out, const char *var);

#endif
