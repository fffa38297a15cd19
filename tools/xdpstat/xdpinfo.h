/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPSTAT_XDPINFO_H
#define XDPSTAT_XDPINFO_H

#include <stddef.h>
#include <stdint.h>

struct xdpinfo {
	int valid;		/* the query worked */
	uint32_t prog_id;	/* 0: no program attached */
	char prog_name[32];	/* "" when unknown (no permission) */
	const char *mode;	/* "native", "generic", "offload", "multi" */
	uint64_t features;	/* NETDEV_XDP_ACT_* */
	int name_err;		/* -errno of the name lookup, 0 if fine */
};

/* Returns 0 or -errno (then info->valid is 0). */
int xdpinfo_query(int ifindex, struct xdpinfo *info);
/* Writes the feature names separated by sep; returns buf. */
char *xdp_features_str(uint64_t features, const char *sep, int quoted,
		       char *buf, size_t len);

#endif
