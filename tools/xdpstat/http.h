/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPSTAT_HTTP_H
#define XDPSTAT_HTTP_H

#include <poll.h>
#include <stddef.h>

/*
 * The exporter's HTTP server: GET /metrics answered from the text the
 * sampling loop rendered last, never by sampling. Every socket is
 * non-blocking and only touched when poll() says so; a connection lives at
 * most timeout seconds (request and response together), so slow, idle and
 * stuck clients cost one slot each and nothing else.
 */
struct http_limits {
	double timeout;		/* seconds a connection may live */
	int max_clients;	/* beyond it: 503 and close */
};

#define HTTP_TIMEOUT	10.0
#define HTTP_MAX_CLIENTS 32
#define HTTP_REQ_MAX	8192	/* request head; more is answered 431 */

struct http_server;

/*
 * Listens on "[ADDR:]PORT" ("[v6addr]:PORT" for IPv6; no ADDR: every
 * address). On failure returns -errno with a message in err.
 */
int http_spec_valid(const char *spec);
int http_listen(const char *spec, const struct http_limits *lim,
		struct http_server **out, char *err, size_t errlen);
/* "ADDR:PORT" actually bound (port 0 gives an ephemeral one). */
const char *http_bound(const struct http_server *s);

/*
 * The bodies served from now on, for the text format and for OpenMetrics;
 * copied. Connections already answering keep the copy they were given.
 */
int http_set_body(struct http_server *s, const char *text, size_t text_len,
		  const char *om, size_t om_len);

/* Fills up to max pollfds; returns how many. */
int http_pollfds(struct http_server *s, struct pollfd *pfd, int max);
/* Milliseconds until the next connection deadline (-1: none). */
int http_timeout_ms(const struct http_server *s, double now);
/* After poll(): the same pfd array http_pollfds filled. */
void http_service(struct http_server *s, const struct pollfd *pfd, int n,
		  double now);
void http_close(struct http_server *s);

#endif
