// SPDX-License-Identifier: GPL-2.0
/*
 * Live full-screen table, redrawn every interval (stdout is a terminal).
 * A frame is built whole, then cut to the terminal: no line wider than it
 * (a wrapped line scrolls the frame off the screen), no more lines than it
 * has, the last one saying what was left out.
 */
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "output.h"

#define MIN_SPARK 8
#define ROW_WIDTH 69	/* label and the eleven value columns */

static FILE *frame;
static char *frame_buf;
static size_t frame_len;
static int ascii;

static void term_size(FILE *f, int *cols, int *rows)
{
	const char *c = getenv("COLUMNS"), *l = getenv("LINES");
	struct winsize ws;

	if (!ioctl(fileno(f), TIOCGWINSZ, &ws) && ws.ws_col && ws.ws_row) {
		*cols = ws.ws_col;
		*rows = ws.ws_row;
		return;
	}
	/* not a terminal: --table into a file or pipe */
	*cols = c && atoi(c) > 0 ? atoi(c) : 132;
	*rows = l && atoi(l) > 0 ? atoi(l) : 0;
}

static void table_start(FILE *f)
{
	ascii = strcmp(nl_langinfo(CODESET), "UTF-8") != 0;
	/* alternate screen, hidden cursor: the shell's screen comes back */
	fputs("\033[?1049h\033[?25l", f);
}

static void table_stop(FILE *f)
{
	fputs("\033[?25h\033[?1049l", f);
	fflush(f);
}

static void table_begin(FILE *f, double wall, double interval)
{
	char clock[16];

	(void)f;
	frame = open_memstream(&frame_buf, &frame_len);
	if (!frame)
		return;
	fprintf(frame, "xdpstat %s every %.2gs  q quits  - not counted  ? unknown this interval\n",
		fmt_clock(wall, clock, sizeof(clock)), interval);
}

static const char *row_label(int q, char *buf, size_t len)
{
	if (q == Q_TOTAL)
		return "all";
	if (q == Q_DEV)
		return "dev";
	snprintf(buf, len, "%d", q);
	return buf;
}

static void table_iface(FILE *f, const struct iface *ifc, double wall,
			long seq)
{
	static const int verdicts[] = {
		F_XDP_PASS, F_XDP_DROP, F_XDP_TX, F_XDP_REDIRECT, F_XDP_ABORTED,
		F_ERRORS, F_DROPS,
	};
	int rows[MAX_QUEUES + 2], n, i, j, spark, cols, lines;
	char b[8][16], xdp[256], sp[HIST * 4 + 1], label[8];
	const struct row *r;

	(void)wall;
	(void)seq;
	if (!frame)
		return;
	term_size(f, &cols, &lines);
	spark = cols - ROW_WIDTH - 2;
	if (spark > HIST)
		spark = HIST;
	fprintf(frame, "\n%s  driver %s  names %s  source %s%s\n%s\n",
		ifc->src.ifname, ifc->src.driver, naming_name(ifc->nm),
		source_name(&ifc->src),
		iface_per_queue(ifc) ? "" : "  (device totals only)",
		fmt_xdp(ifc, xdp, sizeof(xdp)));
	fprintf(frame, "%3s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s %5s%s\n",
		"q", "rx/s", "rx Mb", "tx/s", "tx Mb", "pass", "drop", "xdptx",
		"redir", "abort", "err", "drops",
		spark >= MIN_SPARK ? "  rx/s history" : "");
	n = iface_rows(ifc, rows, MAX_QUEUES + 2);
	for (i = 0; i < n; i++) {
		r = iface_row(ifc, rows[i]);
		fprintf(frame, "%3s %5s %5s %5s %5s",
			row_label(rows[i], label, sizeof(label)),
			fmt_rate5(r, F_RX_PACKETS, b[0], sizeof(b[0])),
			fmt_mbit5(r, F_RX_BYTES, b[1], sizeof(b[1])),
			fmt_rate5(r, F_TX_PACKETS, b[2], sizeof(b[2])),
			fmt_mbit5(r, F_TX_BYTES, b[3], sizeof(b[3])));
		for (j = 0; j < 7; j++)
			fprintf(frame, " %5s", fmt_rate5(r, verdicts[j], b[4],
							 sizeof(b[4])));
		if (spark >= MIN_SPARK)
			fprintf(frame, "  %s", fmt_spark(ifc, rows[i], spark,
							  ascii, sp, sizeof(sp)));
		fputc('\n', frame);
	}
}

/* Writes line (no newline) cut to cols display cells (UTF-8 aware). */
static void put_cut(FILE *f, const char *line, size_t len, int cols)
{
	size_t i, end = len;
	int cells = 0;

	for (i = 0; i < len; i++) {
		if (((unsigned char)line[i] & 0xc0) == 0x80)
			continue;	/* continuation byte */
		if (cells == cols) {
			end = i;
			break;
		}
		cells++;
	}
	fwrite(line, 1, end, f);
}

static void table_end(FILE *f)
{
	const char *p, *nl;
	int cols, rows, total = 0, shown = 0;

	if (!frame)
		return;
	fclose(frame);
	frame = NULL;
	term_size(f, &cols, &rows);
	for (p = frame_buf; (nl = strchr(p, '\n')); p = nl + 1)
		total++;
	fputs("\033[H\033[2J", f);
	for (p = frame_buf; (nl = strchr(p, '\n')); p = nl + 1) {
		/* the cursor must not move past the last line: no scrolling */
		if (rows && shown == rows - 1 && total > rows) {
			char more[64];
			int k = snprintf(more, sizeof(more),
					 "... %d more lines (enlarge the terminal)",
					 total - shown);

			put_cut(f, more, (size_t)k, cols);
			break;
		}
		put_cut(f, p, (size_t)(nl - p), cols);
		shown++;
		if (!rows || shown < rows)
			fputc('\n', f);
	}
	free(frame_buf);
	frame_buf = NULL;
	fflush(f);
}

const struct output_ops out_table = {
	.start = table_start,
	.begin = table_begin,
	.iface = table_iface,
	.end = table_end,
	.stop = table_stop,
};
