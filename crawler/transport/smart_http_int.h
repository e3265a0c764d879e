/*
 * smart_http_int.h - what smart_http.c (the session, protocol v2) shares with
 * smart_http_v0.c (protocol v0, for servers without v2).
 */
#ifndef INVENTAIRE_SMART_HTTP_INT_H
#define INVENTAIRE_SMART_HTTP_INT_H

#include <stdbool.h>
#include <time.h>
#include <curl/curl.h>

#include "crawler/transport/smart_http.h"
#include "crawler/transport/pktline.h"
#include "lib/buf.h"

struct smart_http {
	CURL *curl;
	char *url;             /* where requests go: after a redirect, there */
	char *host;            /* the repository's host: the token's only */
	const struct net_allow *allow;
	char *token;
	char *token_user;
	bool auth;             /* the server asked (401): send the token */
	unsigned long long max_bytes, bytes;
	unsigned timeout_s;
	time_t deadline;
	unsigned requests;
};

/* The error an "ERR" line or side-band 3 carries, set and returned:
 * "not our ref" -> ERROR_NOREF, a filter -> ERROR_FILTER, else
 * ERROR_REMOTE. */
int smart_http_classify(struct smart_http *s, const char *msg, size_t len);
/* Sets CODE with "URL: WHAT: the server says: MSG"; returns CODE. */
int smart_http_remote_error(struct smart_http *s, int code, const char *what,
                            const char *msg, size_t len);
bool smart_http_is_hex40(const char *p, size_t len);
/* WORD is in the space-separated LIST (also after '='). */
bool smart_http_has_word(const char *list, const char *word);
/*
 * Send one request (a GET when BODY is NULL) to URL/SUFFIX and stream its
 * pkt-lines to CB; CTYPE is the Content-Type a git server answers with.
 * 0, a negative lib/error.h code with the error set, or 1 when CB stopped
 * the parser (CB set the error).
 */
int smart_http_request(struct smart_http *s, const char *suffix,
                     const struct buf *body, const char *ctype, pkt_cb cb,
                     void *payload, const char *what);
/* One packet of a side-band-64k pack stream: data to PACK, progress
 * dropped, errors reported. 0, or -1 with *RC set. */
int smart_http_sideband(int *rc, struct smart_http *s, const char *data,
                      size_t len, smart_http_pack_cb pack, void *payload);

#endif
