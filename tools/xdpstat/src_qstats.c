// SPDX-License-Identifier: GPL-2.0
/*
 * Counter source reading the kernel's standard per-queue statistics
 * (netdev netlink qstats-get, Linux 6.10+, drivers with netdev_stat_ops)
 * through libmnl. qstats have no XDP verdicts, so the ethtool source is
 * read too; rates.c takes packets and bytes from qstats and everything else
 * from the driver's ethtool names ("qstats." names, see names.c).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netdev.h>

#include "fields.h"
#include "source.h"

struct qsrc {
	struct mnl_socket *nl;
	unsigned int portid;
	unsigned int seq;
	uint16_t family;
	struct source eth;	/* the same interface through ethtool */
};

/* The statistics xdpstat has a field for, by queue type. */
static const struct {
	int attr;
	int tx;
	const char *name;
} qattrs[] = {
	{ NETDEV_A_QSTATS_RX_PACKETS, 0, "packets" },
	{ NETDEV_A_QSTATS_RX_BYTES, 0, "bytes" },
	{ NETDEV_A_QSTATS_RX_ALLOC_FAIL, 0, "alloc-fail" },
	{ NETDEV_A_QSTATS_RX_CSUM_BAD, 0, "csum-bad" },
	{ NETDEV_A_QSTATS_RX_HW_DROPS, 0, "hw-drops" },
	{ NETDEV_A_QSTATS_RX_HW_DROP_OVERRUNS, 0, "hw-drop-overruns" },
	{ NETDEV_A_QSTATS_RX_HW_DROP_RATELIMITS, 0, "hw-drop-ratelimits" },
	{ NETDEV_A_QSTATS_TX_PACKETS, 1, "packets" },
	{ NETDEV_A_QSTATS_TX_BYTES, 1, "bytes" },
	{ NETDEV_A_QSTATS_TX_HW_DROPS, 1, "hw-drops" },
	{ NETDEV_A_QSTATS_TX_HW_DROP_ERRORS, 1, "hw-drop-errors" },
	{ NETDEV_A_QSTATS_TX_HW_DROP_RATELIMITS, 1, "hw-drop-ratelimits" },
};

#define NR_QATTRS (sizeof(qattrs) / sizeof(qattrs[0]))

/* Sends req and feeds every reply to cb; returns 0 or -errno. */
static int talk(struct qsrc *q, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[32768];	/* a dump message may be page-sized or more */
	ssize_t n;
	int rc;

	nlh->nlmsg_seq = ++q->seq;
	if (mnl_socket_sendto(q->nl, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	for (;;) {
		n = mnl_socket_recvfrom(q->nl, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		rc = mnl_cb_run(buf, (size_t)n, q->seq, q->portid, cb, data);
		if (rc < 0)
			return -errno;
		if (rc == MNL_CB_STOP)
			return 0;
	}
}

static int family_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *a;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) == CTRL_ATTR_FAMILY_ID)
			*(uint16_t *)data = mnl_attr_get_u16(a);
	return MNL_CB_OK;
}

static struct nlmsghdr *genl_msg(char *buf, uint16_t type, uint8_t cmd,
				 uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct genlmsghdr *g;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	g = mnl_nlmsg_put_extra_header(nlh, sizeof(*g));
	g->cmd = cmd;
	g->version = 1;
	return nlh;
}

static int resolve_family(struct qsrc *q)
{
	char buf[256];
	struct nlmsghdr *nlh;
	int err;

	nlh = genl_msg(buf, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, NETDEV_FAMILY_NAME);
	err = talk(q, nlh, family_cb, &q->family);
	if (err == -ENOENT)
		return -EOPNOTSUPP;	/* kernel without the netdev family */
	if (!err && !q->family)
		return -EOPNOTSUPP;
	return err;
}

struct dump {
	struct snapshot *snap;
	int ifindex;
	int queues;
	int err;
};

static uint64_t attr_uint(const struct nlattr *a)
{
	/* "uint" attributes are 4 or 8 bytes */
	return mnl_attr_get_payload_len(a) == 8 ? mnl_attr_get_u64(a) :
						  mnl_attr_get_u32(a);
}

static int qstats_cb(const struct nlmsghdr *nlh, void *data)
{
	struct nlattr *tb[NETDEV_A_QSTATS_MAX + 1] = { NULL }, *a;
	struct dump *d = data;
	char name[NAME_LEN];
	unsigned int type, id;
	size_t i;

	mnl_attr_for_each(a, nlh, sizeof(struct genlmsghdr))
		if (mnl_attr_get_type(a) <= NETDEV_A_QSTATS_MAX)
			tb[mnl_attr_get_type(a)] = a;
	if (!tb[NETDEV_A_QSTATS_IFINDEX] || !tb[NETDEV_A_QSTATS_QUEUE_TYPE] ||
	    !tb[NETDEV_A_QSTATS_QUEUE_ID] ||
	    (int)mnl_attr_get_u32(tb[NETDEV_A_QSTATS_IFINDEX]) != d->ifindex)
		return MNL_CB_OK;
	type = mnl_attr_get_u32(tb[NETDEV_A_QSTATS_QUEUE_TYPE]);
	id = mnl_attr_get_u32(tb[NETDEV_A_QSTATS_QUEUE_ID]);
	if (type > NETDEV_QUEUE_TYPE_TX || id >= MAX_QUEUES)
		return MNL_CB_OK;
	d->queues++;
	for (i = 0; i < NR_QATTRS; i++) {
		if ((unsigned int)qattrs[i].tx != type || !tb[qattrs[i].attr])
			continue;
		snprintf(name, sizeof(name), "qstats.%s%u.%s",
			 type ? "tx" : "rx", id, qattrs[i].name);
		if (snapshot_add(d->snap, name, attr_uint(tb[qattrs[i].attr]))) {
			d->err = -ENOMEM;
			return MNL_CB_ERROR;
		}
	}
	return MNL_CB_OK;
}

static int dump_qstats(struct qsrc *q, int ifindex, struct snapshot *snap)
{
	struct dump d = { .snap = snap, .ifindex = ifindex };
	char buf[256];
	struct nlmsghdr *nlh;
	int err;

	nlh = genl_msg(buf, q->family, NETDEV_CMD_QSTATS_GET, NLM_F_DUMP);
	mnl_attr_put_u32(nlh, NETDEV_A_QSTATS_IFINDEX, (uint32_t)ifindex);
	mnl_attr_put_u32(nlh, NETDEV_A_QSTATS_SCOPE, NETDEV_QSTATS_SCOPE_QUEUE);
	err = talk(q, nlh, qstats_cb, &d);
	if (d.err)
		return d.err;
	if (err)
		return err;
	/* a driver without netdev_stat_ops answers with nothing */
	return d.queues ? 0 : -EOPNOTSUPP;
}

static int qs_read(struct source *src, struct snapshot *snap)
{
	struct qsrc *q = src->priv;
	int err;

	err = source_read(&q->eth, snap);
	if (err)
		return err;
	err = dump_qstats(q, src->ifindex, snap);
	/* it had queues when opened: the device went while we read it */
	if (err == -EOPNOTSUPP)
		return -ENODEV;
	return err;
}

static void qs_close(struct source *src)
{
	struct qsrc *q = src->priv;

	if (!q)
		return;
	source_close(&q->eth);
	if (q->nl)
		mnl_socket_close(q->nl);
	free(q);
	src->priv = NULL;
}

static const struct source_ops qstats_ops = {
	.read = qs_read,
	.close = qs_close,
};

int source_open_qstats(struct source *src, const char *ifname)
{
	struct snapshot probe = { 0 };
	struct qsrc *q;
	int err;

	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	err = source_open_ethtool(&q->eth, ifname);
	if (err) {
		free(q);
		return err;
	}
	q->nl = mnl_socket_open2(NETLINK_GENERIC, SOCK_CLOEXEC);
	if (!q->nl || mnl_socket_bind(q->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
		err = q->nl ? -errno : -EOPNOTSUPP;
		goto fail;
	}
	q->portid = mnl_socket_get_portid(q->nl);
	err = resolve_family(q);
	if (!err)
		err = dump_qstats(q, q->eth.ifindex, &probe);
	snapshot_free(&probe);
	if (err)
		goto fail;
	*src = q->eth;
	src->ops = &qstats_ops;
	src->kind = "qstats";
	src->priv = q;
	return 0;
fail:
	qs_close(&(struct source){ .priv = q });
	return err == -ENODEV ? -EOPNOTSUPP : err;
}
