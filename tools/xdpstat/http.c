// SPDX-License-Identifier: GPL-2.0
/*
 * A minimal HTTP/1.x server for the exporter: one request per connection
 * (Connection: close), GET and HEAD of / and /metrics. See http.h for why
 * it cannot hold up sampling.
 */
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/in.h>

#include "http.h"

enum cstate { C_FREE, C_READ, C_WRITE, C_DRAIN };

struct client {
	int fd;
	enum cstate state;
	double deadline;
	size_t in_len;
	char in[HTTP_REQ_MAX];
	char *out;		/* the whole response, owned by the client */
	size_t out_len, out_off;
};

struct http_server {
	int fd;
	struct http_limits lim;
	char bound[80];
	char *text, *om;
	size_t text_len, om_len;
	struct client *cl;
};

#define CT_TEXT	"text/plain; version=0.0.4; charset=utf-8"
#define CT_OM	"application/openmetrics-text; version=1.0.0; charset=utf-8"

static int split_spec(const char *spec, char *host, size_t hlen,
		      const char **port)
{
	const char *colon;
	size_t n;

	if (spec[0] == '[') {
		colon = strstr(spec, "]:");
		if (!colon)
			return -1;
		n = (size_t)(colon - spec - 1);
		*port = colon + 2;
		spec++;
	} else {
		colon = strrchr(spec, ':');
		if (!colon) {
			host[0] = '\0';
			*port = spec;
			return 0;
		}
		n = (size_t)(colon - spec);
		*port = colon + 1;
	}
	if (n >= hlen)
		return -1;
	memcpy(host, spec, n);
	host[n] = '\0';
	return 0;
}

static int valid_port(const char *p)
{
	char *end;
	long v;

	if (!*p)
		return 0;
	v = strtol(p, &end, 10);
	return !*end && v >= 0 && v <= 65535;
}

static void describe_bound(struct http_server *s)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char host[64], port[8];

	if (getsockname(s->fd, (struct sockaddr *)&ss, &len) ||
	    getnameinfo((struct sockaddr *)&ss, len, host, sizeof(host), port,
			sizeof(port), NI_NUMERICHOST | NI_NUMERICSERV)) {
		snprintf(s->bound, sizeof(s->bound), "?");
		return;
	}
	snprintf(s->bound, sizeof(s->bound),
		 ss.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s", host, port);
}

static int bind_first(struct http_server *s, const char *host,
		      const char *port, char *err, size_t errlen)
{
	struct addrinfo hints = {
		.ai_family = AF_UNSPEC,
		.ai_socktype = SOCK_STREAM,
		.ai_flags = AI_PASSIVE | AI_NUMERICSERV,
	}, *res, *ai;
	int one = 1, zero = 0, rc, e = EADDRNOTAVAIL;

	/* no address: the IPv6 wildcard also takes IPv4 where there is IPv6 */
	if (!*host)
		hints.ai_family = AF_INET6;
	rc = getaddrinfo(*host ? host : NULL, port, &hints, &res);
	if (rc && !*host) {
		hints.ai_family = AF_INET;
		rc = getaddrinfo(NULL, port, &hints, &res);
	}
	if (rc) {
		snprintf(err, errlen, "cannot listen on '%s:%s': %s", host, port,
			 gai_strerror(rc));
		return -EINVAL;
	}
	for (ai = res; ai; ai = ai->ai_next) {
		s->fd = socket(ai->ai_family,
			       ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
			       ai->ai_protocol);
		if (s->fd < 0) {
			e = errno;
			continue;
		}
		/* a restarted exporter must not wait out TIME_WAIT */
		setsockopt(s->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (ai->ai_family == AF_INET6 && !*host)
			setsockopt(s->fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
				   sizeof(zero));
		if (!bind(s->fd, ai->ai_addr, ai->ai_addrlen) &&
		    !listen(s->fd, 64))
			break;
		e = errno;
		close(s->fd);
		s->fd = -1;
	}
	freeaddrinfo(res);
	if (s->fd < 0) {
		snprintf(err, errlen, "cannot listen on %s%s%s: %s%s", host,
			 *host ? ":" : "port ", port, strerror(e),
			 e == EADDRINUSE ? " (another exporter on that port?)" : "");
		return -e;
	}
	return 0;
}

int http_spec_valid(const char *spec)
{
	const char *port;
	char host[64];

	return !split_spec(spec, host, sizeof(host), &port) && valid_port(port);
}

int http_listen(const char *spec, const struct http_limits *lim,
		struct http_server **out, char *err, size_t errlen)
{
	struct http_server *s;
	const char *port;
	char host[64];
	int i, rc;

	if (split_spec(spec, host, sizeof(host), &port) || !valid_port(port)) {
		snprintf(err, errlen, "bad listen address '%s': [ADDR:]PORT",
			 spec);
		return -EINVAL;
	}
	s = calloc(1, sizeof(*s));
	if (!s)
		return -ENOMEM;
	s->lim = *lim;
	s->cl = calloc((size_t)lim->max_clients, sizeof(*s->cl));
	if (!s->cl) {
		free(s);
		return -ENOMEM;
	}
	for (i = 0; i < lim->max_clients; i++)
		s->cl[i].fd = -1;
	rc = bind_first(s, host, port, err, errlen);
	if (rc) {
		free(s->cl);
		free(s);
		return rc;
	}
	describe_bound(s);
	*out = s;
	return 0;
}

const char *http_bound(const struct http_server *s)
{
	return s->bound;
}

static int copy_body(char **dst, size_t *dst_len, const char *src, size_t len)
{
	char *p = malloc(len + 1);

	if (!p)
		return -ENOMEM;
	memcpy(p, src, len);
	p[len] = '\0';
	free(*dst);
	*dst = p;
	*dst_len = len;
	return 0;
}

int http_set_body(struct http_server *s, const char *text, size_t text_len,
		  const char *om, size_t om_len)
{
	if (copy_body(&s->text, &s->text_len, text, text_len) ||
	    copy_body(&s->om, &s->om_len, om, om_len))
		return -ENOMEM;
	return 0;
}

static void client_close(struct client *c)
{
	close(c->fd);
	free(c->out);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static int respond(struct client *c, int code, const char *reason,
		   const char *extra, const char *type, const char *body,
		   size_t body_len, int head)
{
	char hdr[512];
	int n;

	n = snprintf(hdr, sizeof(hdr),
		     "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n%sConnection: close\r\n\r\n",
		     code, reason, type, body_len, extra ? extra : "");
	if (head)
		body_len = 0;
	c->out = malloc((size_t)n + body_len);
	if (!c->out)
		return -ENOMEM;
	memcpy(c->out, hdr, (size_t)n);
	memcpy(c->out + n, body, body_len);
	c->out_len = (size_t)n + body_len;
	c->out_off = 0;
	c->state = C_WRITE;
	return 0;
}

static int error_page(struct client *c, int code, const char *reason,
		      const char *extra)
{
	char body[128];
	int n;

	n = snprintf(body, sizeof(body), "%d %s\n", code, reason);
	return respond(c, code, reason, extra, "text/plain; charset=utf-8",
		       body, (size_t)n, 0);
}

/*
 * q-value of media range "type/subtype" in an Accept header; a range that
 * names a version accepts only the versions we write. -1: not mentioned.
 */
static double accept_q(const char *accept, const char *type,
		       const char *const *versions)
{
	const char *item = accept, *end, *p;
	double q, best = -1;
	char buf[256];
	size_t n, tl = strlen(type);
	int ok, i;

	while (item && *item) {
		end = strchr(item, ',');
		n = end ? (size_t)(end - item) : strlen(item);
		if (n >= sizeof(buf))
			n = sizeof(buf) - 1;
		memcpy(buf, item, n);
		buf[n] = '\0';
		item = end ? end + 1 : NULL;
		p = buf;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, type, tl) || (p[tl] && p[tl] != ';' &&
						  p[tl] != ' '))
			continue;
		q = 1;
		ok = 1;
		for (p = strchr(p, ';'); p; p = strchr(p + 1, ';')) {
			const char *a = p + 1;

			while (*a == ' ')
				a++;
			if (!strncasecmp(a, "q=", 2)) {
				q = strtod(a + 2, NULL);
			} else if (!strncasecmp(a, "version=", 8)) {
				ok = 0;
				for (i = 0; versions[i]; i++)
					if (!strncmp(a + 8, versions[i],
						     strlen(versions[i])))
						ok = 1;
			}
		}
		if (ok && q > best)
			best = q;
	}
	return best;
}

static int wants_openmetrics(const char *accept)
{
	static const char *const om_v[] = { "1.0.0", "0.0.1", NULL };
	static const char *const text_v[] = { "0.0.4", NULL };
	double om, text;

	if (!accept)
		return 0;
	om = accept_q(accept, "application/openmetrics-text", om_v);
	text = accept_q(accept, "text/plain", text_v);
	return om > 0 && om >= text;
}

/* Value of header name in the request head (NUL-terminated in place). */
static char *header(char *lines, const char *name)
{
	size_t nl = strlen(name);
	char *l, *v, *e;

	for (l = lines; l && *l; l = e ? e + 1 : NULL) {
		e = strchr(l, '\n');
		if (!strncasecmp(l, name, nl) && l[nl] == ':') {
			v = l + nl + 1;
			while (*v == ' ' || *v == '\t')
				v++;
			if (e) {
				*e = '\0';
				if (e > v && e[-1] == '\r')
					e[-1] = '\0';
			}
			return v;
		}
	}
	return NULL;
}

static int valid_headers(const char *l)
{
	const char *e, *colon;

	for (; *l; l = e + 1) {
		e = strchr(l, '\n');
		if (!e || e == l || (e == l + 1 && *l == '\r'))
			return 1;
		colon = memchr(l, ':', (size_t)(e - l));
		if (!colon || colon == l || l[0] == ' ' || l[0] == '\t')
			return 0;
	}
	return 1;
}

static int handle_request(struct http_server *s, struct client *c)
{
	static const char index_page[] = "xdpstat exporter: metrics at /metrics\n";
	char *line = c->in, *sp1, *sp2, *eol, *rest, *q;
	int head, om;

	eol = strchr(line, '\n');
	*eol = '\0';
	if (eol > line && eol[-1] == '\r')
		eol[-1] = '\0';
	rest = eol + 1;
	sp1 = strchr(line, ' ');
	sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	if (!sp1 || !sp2 || sp1 == line || sp2 == sp1 + 1 || strchr(sp2 + 1, ' ') ||
	    strncmp(sp2 + 1, "HTTP/", 5) || !valid_headers(rest))
		return error_page(c, 400, "Bad Request", NULL);
	*sp1 = *sp2 = '\0';
	if (strcmp(sp2 + 1, "HTTP/1.0") && strcmp(sp2 + 1, "HTTP/1.1"))
		return error_page(c, 505, "HTTP Version Not Supported", NULL);
	head = !strcmp(line, "HEAD");
	if (!head && strcmp(line, "GET"))
		return error_page(c, 405, "Method Not Allowed",
				  "Allow: GET, HEAD\r\n");
	q = strchr(sp1 + 1, '?');
	if (q)
		*q = '\0';
	if (!strcmp(sp1 + 1, "/"))
		return respond(c, 200, "OK", NULL, "text/plain; charset=utf-8",
			       index_page, sizeof(index_page) - 1, head);
	if (strcmp(sp1 + 1, "/metrics"))
		return error_page(c, 404, "Not Found", NULL);
	om = wants_openmetrics(header(rest, "Accept"));
	if (om)
		return respond(c, 200, "OK", NULL, CT_OM, s->om ? s->om : "",
			       s->om ? s->om_len : 0, head);
	return respond(c, 200, "OK", NULL, CT_TEXT, s->text ? s->text : "",
		       s->text ? s->text_len : 0, head);
}

static int head_complete(const struct client *c)
{
	return memmem(c->in, c->in_len, "\r\n\r\n", 4) ||
	       memmem(c->in, c->in_len, "\n\n", 2);
}

static void client_write(struct client *c)
{
	ssize_t n;

	while (c->out_off < c->out_len) {
		n = send(c->fd, c->out + c->out_off, c->out_len - c->out_off,
			 MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				return;
			client_close(c);
			return;
		}
		c->out_off += (size_t)n;
	}
	/* Closing with unread input would reset the connection and could
	 * discard the response: half-close and read to the client's EOF.
	 */
	shutdown(c->fd, SHUT_WR);
	c->state = C_DRAIN;
}

static void client_read(struct http_server *s, struct client *c)
{
	char sink[1024];
	ssize_t n;

	if (c->state == C_DRAIN) {
		do {
			n = recv(c->fd, sink, sizeof(sink), MSG_DONTWAIT);
		} while (n > 0);
		if (n == 0 || (errno != EAGAIN && errno != EINTR))
			client_close(c);
		return;
	}
	n = recv(c->fd, c->in + c->in_len, sizeof(c->in) - 1 - c->in_len,
		 MSG_DONTWAIT);
	if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) {
		client_close(c);
		return;
	}
	if (n < 0)
		return;
	c->in_len += (size_t)n;
	c->in[c->in_len] = '\0';
	if (memchr(c->in, '\0', c->in_len)) {
		if (error_page(c, 400, "Bad Request", NULL))
			client_close(c);
	} else if (head_complete(c)) {
		if (handle_request(s, c))
			client_close(c);
	} else if (c->in_len == sizeof(c->in) - 1) {
		if (error_page(c, 431, "Request Header Fields Too Large", NULL))
			client_close(c);
	}
	if (c->fd >= 0 && c->state == C_WRITE)
		client_write(c);
}

static void accept_all(struct http_server *s, double now)
{
	static const char busy[] =
		"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 24\r\nRetry-After: 1\r\nConnection: close\r\n\r\n503 too many connections\n";
	struct client *c;
	ssize_t sent;
	int fd, i;

	/* bounded: a flood of connections must not starve sampling */
	for (i = 0; i < 4 * s->lim.max_clients; i++) {
		fd = accept4(s->fd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
		if (fd < 0)
			return;
		c = NULL;
		for (int j = 0; j < s->lim.max_clients; j++)
			if (s->cl[j].fd < 0) {
				c = &s->cl[j];
				break;
			}
		if (!c) {
			/* best effort: a fresh socket's buffer takes this */
			sent = send(fd, busy, sizeof(busy) - 1,
				    MSG_NOSIGNAL | MSG_DONTWAIT);
			(void)sent;
			shutdown(fd, SHUT_WR);
			close(fd);
			continue;
		}
		memset(c, 0, sizeof(*c));
		c->fd = fd;
		c->state = C_READ;
		c->deadline = now + s->lim.timeout;
	}
}

int http_pollfds(struct http_server *s, struct pollfd *pfd, int max)
{
	int i, n = 0;

	if (max < 1)
		return 0;
	pfd[n++] = (struct pollfd){ .fd = s->fd, .events = POLLIN };
	for (i = 0; i < s->lim.max_clients && n < max; i++) {
		if (s->cl[i].fd < 0)
			continue;
		pfd[n++] = (struct pollfd){
			.fd = s->cl[i].fd,
			.events = s->cl[i].state == C_WRITE ? POLLOUT : POLLIN,
		};
	}
	return n;
}

int http_timeout_ms(const struct http_server *s, double now)
{
	double first = INFINITY;
	int i;

	for (i = 0; i < s->lim.max_clients; i++)
		if (s->cl[i].fd >= 0 && s->cl[i].deadline < first)
			first = s->cl[i].deadline;
	if (first == INFINITY)
		return -1;
	return first <= now ? 0 : (int)((first - now) * 1000) + 1;
}

static struct client *client_of(struct http_server *s, int fd)
{
	int i;

	for (i = 0; i < s->lim.max_clients; i++)
		if (s->cl[i].fd == fd)
			return &s->cl[i];
	return NULL;
}

void http_service(struct http_server *s, const struct pollfd *pfd, int n,
		  double now)
{
	struct client *c;
	int i;

	for (i = 1; i < n; i++) {
		if (!pfd[i].revents)
			continue;
		c = client_of(s, pfd[i].fd);
		if (!c)
			continue;
		if (c->state == C_WRITE)
			client_write(c);
		else
			client_read(s, c);
	}
	for (i = 0; i < s->lim.max_clients; i++)
		if (s->cl[i].fd >= 0 && s->cl[i].deadline <= now)
			client_close(&s->cl[i]);
	/* after the expiry, so that a full table can take new clients */
	if (n > 0 && pfd[0].revents)
		accept_all(s, now);
}

void http_close(struct http_server *s)
{
	int i;

	if (!s)
		return;
	for (i = 0; i < s->lim.max_clients; i++)
		if (s->cl[i].fd >= 0)
			client_close(&s->cl[i]);
	close(s->fd);
	free(s->cl);
	free(s->text);
	free(s->om);
	free(s);
}
