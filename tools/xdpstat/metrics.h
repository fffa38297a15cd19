/* SPDX-License-Identifier: GPL-2.0 */
#ifndef XDPSTAT_METRICS_H
#define XDPSTAT_METRICS_H

#include <stdio.h>

#include "iface.h"

/*
 * The metrics of the interfaces' last sample; om: OpenMetrics 1.0.0 (with
 * its "# EOF"), else the Prometheus text format 0.0.4. wall: the sample's
 * wall-clock time.
 */
void metrics_write(FILE *f, struct iface *const *ifcs, int n, double wall,
		   int om);

#endif
