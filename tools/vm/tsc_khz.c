// SPDX-License-Identifier: GPL-2.0
/*
 * The host's TSC rate in kHz, for the test guests' tsc_early_khz=.
 *
 * Under TCG a guest's TSC runs at the host's rate, and a guest that
 * calibrates it against the emulated PIT while the host is overloaded can
 * be off by 36x (seen: "PIT calibration deviates from HPET: 58751 2095980"),
 * which makes every timeout in the guest wrong. Here both clocks are read
 * in real time: a pair is taken only when no preemption fell between its
 * two TSC reads, so a busy host costs retries, not accuracy.
 */
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <x86intrin.h>

static int pair(uint64_t *tsc, uint64_t *ns)
{
	struct timespec ts;
	uint64_t t0, t1;
	int i;

	for (i = 0; i < 1000; i++) {
		t0 = __rdtsc();
		clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
		t1 = __rdtsc();
		if (t1 - t0 < 20000) {
			*tsc = t0 + (t1 - t0) / 2;
			*ns = ts.tv_sec * 1000000000ull + ts.tv_nsec;
			return 0;
		}
	}
	return -1;
}

int main(void)
{
	struct timespec wait = { .tv_nsec = 200000000 };
	uint64_t tsc0, ns0, tsc1, ns1;

	if (pair(&tsc0, &ns0))
		return 1;
	nanosleep(&wait, NULL);
	if (pair(&tsc1, &ns1) || ns1 <= ns0)
		return 1;
	printf("%llu\n", (unsigned long long)((tsc1 - tsc0) * 1000000ull / (ns1 - ns0)));
	return 0;
}
