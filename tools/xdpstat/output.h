/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPSTAT_OUTPUT_H
#define XDPSTAT_OUTPUT_H

#include <stdio.h>

#include "iface.h"

/* One view: table (tty), plain lines, JSON lines or CSV. */
struct output_ops {
	void (*start)(FILE *f);
	/* called once per interval, then iface() per interface, then end() */
	void (*begin)(FILE *f, double wall, double interval);
	void (*iface)(FILE *f, const struct iface *ifc, double wall, long seq);
	void (*end)(FILE *f);
	void (*stop)(FILE *f);
};

extern const struct output_ops out_table;
extern const struct output_ops out_plain;
extern const struct output_ops out_json;
extern const struct output_ops out_json_pretty;
extern const struct output_ops out_csv;

/* Helpers shared by the views (format.c). */
/* Row of q (Q_DEV: device), or the total when q == Q_TOTAL. */
const struct row *iface_row(const struct iface *ifc, int q);
/* Rows a view shows, in order: queues, total, device. */
int iface_rows(const struct iface *ifc, int *rows, int max);
/* "1.2k"-style rate; "-" when not counted, "?" when unknown. */
char *fmt_rate(const struct row *r, int f, char *buf, size_t len);
/* Mbit/s of a bytes field, same conventions. */
char *fmt_mbit(const struct row *r, int f, char *buf, size_t len);
/* The same in at most five characters (the table's columns). */
char *fmt_rate5(const struct row *r, int f, char *buf, size_t len);
char *fmt_mbit5(const struct row *r, int f, char *buf, size_t len);
/* The sparkline of rx pps of row q, at most width cells (UTF-8 blocks, or
 * ASCII when the locale's charset is not UTF-8).
 */
char *fmt_spark(const struct iface *ifc, int q, int width, int ascii,
		char *buf, size_t len);
char *fmt_clock(double wall, char *buf, size_t len);
/* One-line description of the XDP program and xdp-features. */
char *fmt_xdp(const struct iface *ifc, char *buf, size_t len);

#endif
