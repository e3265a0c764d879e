/*
 * stream_curl.h - libgit2's network streams on libcurl, with a deadline and
 * the account's host policy.
 *
 * Debian 12's libgit2 (1.5) has no timeout on its sockets: a git server
 * that dribbles 2 bytes a second held a libgit2 fetch for as long as it
 * liked, and libgit2 follows a redirect to any host. It lets a program put
 * its own streams under its HTTP client (git2/sys/stream.h,
 * git_stream_register): ours connect with libcurl (CURLOPT_CONNECT_ONLY:
 * the same TLS verification as every other request, net_curl.h), refuse a
 * host or a plain connection the policy does not allow (every redirect
 * hop opens its connection here), and wait for the socket with poll(2) up
 * to the deadline, never longer.
 *
 * libgit2 gives a stream no payload, so the deadline and the policy are
 * the calling thread's: each probe thread sets its own around its fetch.
 */
#ifndef INVENTAIRE_STREAM_CURL_H
#define INVENTAIRE_STREAM_CURL_H

#include <time.h>

struct net_allow;

/* From now until stream_curl_end(), every connection libgit2 opens on
 * this thread goes through libcurl, ends by DEADLINE (time(2)), and only
 * where ALLOW (crawler/net/net_allow.h; NULL: anywhere) admits. 0, or
 * ERROR_GIT when libgit2 refuses the registration. */
int stream_curl_begin(time_t deadline, const struct net_allow *allow);

/*
 * The end of the thread's fetch. 0 when none of its streams failed; else
 * the lib/error.h code of the last failure (ERROR_TIMEOUT past the
 * deadline, ERROR_REFUSED outside the policy, ERROR_TRANSPORT), whose
 * message is then error_last(): libgit2's own message only says that the
 * stream failed.
 */
int stream_curl_end(void);

#endif
