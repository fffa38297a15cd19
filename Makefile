# SPDX-License-Identifier: GPL-2.0
# igx: out-of-tree driver for Intel 82576 (igb family), XDP first.
#
#   make            driver/igx.ko, bpf/ objects, tools
#   make deps       install build and test dependencies (Debian 12 + backports)
#   make check      deps, build, and the whole test suite in the QEMU test bed
#                   (KERNEL=6.1|6.12|sid: on that kernel, Documentation/kernels.rst;
#                   SMOKE=1: only the smoke set, selftests/smoke.list)
#   make smoke      the same as make check SMOKE=1 (on KERNEL)
#   make demo       bring up the port pair in a VM, ping, show ethtool -S
#   make bench      igx vs in-tree igb, deterministic (icount) measurement
#   make soak       30 minutes of traffic and reconfiguration on the debug kernel
#   make install    the module (modules_install), the tools and the port
#                   binding (install-tools, install-binding); PREFIX
#                   (/usr/local), SYSCONFDIR (/etc), DESTDIR
#   make modules_install  igx.ko into $(DESTDIR)/lib/modules/$(KVER)/updates
#   make deb        out/deb/igx-dkms_*.deb and igx-tools_*.deb
#   make check-deb  install them on this machine, test, purge (root, ~15 min)
#   make docs       Documentation/ as HTML (Sphinx), warnings are errors
#   make layering   fail on circular calls between driver files
#   make install-xdpstat  xdpstat, its man page and bash completion
#                   (PREFIX, DESTDIR)

# Kernel to build against: KDIR wins; else the running kernel when it is a
# 6.12 one; else the newest installed 6.12 headers.  KERNEL=6.1 or sid builds
# igx in build/KERNEL/ against the tree tools/vm/kernels.sh prepares (the
# 6.12 module in driver/ stays as it is).
KERNEL ?= 6.12
KVER ?= $(shell v=$$(uname -r); case $$v in (6.12.*) [ -d /lib/modules/$$v/build ] && echo $$v && exit;; esac; \
	ls -d /lib/modules/6.12.*/build 2>/dev/null | sort -V | tail -n1 | cut -d/ -f4)
KDIR ?= $(if $(KVER),/lib/modules/$(KVER)/build)
export KDIR KVER

PWD := $(CURDIR)

.PHONY: all driver bpf tools modules clean deps deps-demo check demo bench install kdir soak \
	docs install-xdpstat modules_install install-tools install-binding install-dkms-src deb check-deb \
	smoke kernel-driver layering

all: driver bpf tools

kdir:
	@if [ -z "$(KDIR)" ] || [ ! -f "$(KDIR)/Makefile" ]; then \
		echo "igx: no kernel build tree at KDIR='$(KDIR)' (by default: /lib/modules/6.12.*/build)." >&2; \
		echo "igx: run 'make deps' or pass KDIR=/path/to/kernel/build (6.1 or newer, configured)" >&2; exit 1; fi
	@if [ ! -f "$(KDIR)/include/config/auto.conf" ]; then \
		echo "igx: KDIR='$(KDIR)' is not a configured kernel tree (no include/config/auto.conf)." >&2; \
		echo "igx: configure and prepare it (make olddefconfig modules_prepare there), or pass the build tree of a kernel's headers (/lib/modules/VERSION/build)" >&2; exit 1; fi

driver modules: kdir
	$(MAKE) -C $(KDIR) M=$(PWD) modules

bpf:
	$(MAKE) -C bpf

# xsk-bench takes its skeleton from bpf/
tools: bpf
	$(MAKE) -C tools/xdpstat
	$(MAKE) -C tools/xsk-bench
	$(MAKE) -C tools/failnth

deps:
	bash tools/deps.sh

# igx for KERNEL (6.1, sid) in build/KERNEL/driver: a copy of driver/ with
# its timestamps, so each kernel keeps its own objects
KERNEL_DRIVER := $(PWD)/build/$(KERNEL)/driver
kernel-driver:
	bash tools/vm/kernels.sh prepare $(KERNEL)
	mkdir -p $(KERNEL_DRIVER)
	cp -p driver/Kbuild driver/*.c driver/*.h $(KERNEL_DRIVER)/
	rm -f $(KERNEL_DRIVER)/igx.mod.c $(KERNEL_DRIVER)/igx_compat_gen.h.tmp
	cp -pr driver/compat $(KERNEL_DRIVER)/
	$(MAKE) -C $$(bash tools/vm/kernels.sh --kdir $(KERNEL)) M=$(KERNEL_DRIVER) modules

# DEBUG_KERNEL=1: the same suite on a KASAN/lockdep/kmemleak kernel built
# from linux-source (tools/vm/debug-kernel.sh; long the first time); igx.ko
# is then built against that kernel.  IOMMU=1: every guest has an emulated
# VT-d in strict mode (tools/vm/vm.sh --iommu).
# DEBUG_KERNEL=fault: the same with fault injection only (no KASAN, lockdep
# or kmemleak), for pp_alloc_fail.py's traffic-rate precondition.
# DEBUG_KERNEL=leak: fault injection and kmemleak, for alloc_fail.sh's sweeps.
# DEBUG_KERNEL=kcsan: the data-race detector, for the tests that put several
# CPUs on one ring, pool or counter.
VM_ARGS := $(if $(filter 1,$(IOMMU)),--iommu)
# SMOKE=1: only the smoke set (selftests/smoke.list: the programs, and the
# IGX_* settings they run with there)
ifeq ($(SMOKE),1)
RUN_ARGS ?= $(shell awk '/^[a-z]/ { print $$1 }' selftests/smoke.list)
RUN_ENV := $(shell awk '/^[a-z]/ { for (i = 2; i <= NF; i++) print $$i }' selftests/smoke.list)
endif
# KCSAN sees a race only when both CPUs run at the same instant: every
# guest one host thread per vCPU
KCSAN_VM_ARGS := $(if $(filter kcsan,$(DEBUG_KERNEL)),--tcg-thread multi)
KFLAVOUR := IGX_KERNEL_FLAVOUR=$(or $(filter fault leak kcsan,$(DEBUG_KERNEL)),debug)
check: deps
ifneq ($(filter 1 fault leak kcsan,$(DEBUG_KERNEL)),)
	$(KFLAVOUR) bash tools/vm/debug-kernel.sh
	$(MAKE) all KDIR=$$($(KFLAVOUR) bash tools/vm/debug-kernel.sh --kdir)
	bash tools/xsk/build-xskxceiver.sh
	bash tools/ptp/build-ptp-tools.sh
	IGX_BOOT_TIMEOUT=$${IGX_BOOT_TIMEOUT:-360} \
	IGX_VM_ARGS="$$($(KFLAVOUR) bash tools/vm/debug-kernel.sh --vm-args) $(VM_ARGS) $(KCSAN_VM_ARGS) $$IGX_VM_ARGS" \
		bash selftests/run.sh $(RUN_ARGS)
else ifneq ($(KERNEL),6.12)
	$(MAKE) all
	$(MAKE) kernel-driver KERNEL=$(KERNEL)
	bash tools/xsk/build-xskxceiver.sh
	bash tools/ptp/build-ptp-tools.sh
	$(RUN_ENV) IGX_KO=$(KERNEL_DRIVER)/igx.ko IGX_KERNEL=$(KERNEL) \
	IGX_UPSTREAM_KSFT=$$(bash tools/vm/kernels.sh --ksft $(KERNEL)) \
	IGX_VM_ARGS="$$(bash tools/vm/kernels.sh --vm-args $(KERNEL)) $(VM_ARGS) $$IGX_VM_ARGS" \
		bash selftests/run.sh $(RUN_ARGS)
else
	$(MAKE) all
	$(MAKE) layering
	bash tools/xsk/build-xskxceiver.sh
	bash tools/ptp/build-ptp-tools.sh
	$(RUN_ENV) IGX_VM_ARGS="$(VM_ARGS) $$IGX_VM_ARGS" bash selftests/run.sh $(RUN_ARGS)
endif

# No circular calls between driver files (nm of each object). One circle is
# left in the control plane: igx_up/igx_down live with the ndo table in
# igx_netdev.c, which names igx_reset.c's and igx_sriov.c's callbacks while
# both of those bring the port down and up.
layering: driver
	python3 tools/layering/cycles.py --known igx_netdev,igx_reset,igx_sriov driver

# each subsystem once (selftests/smoke.list), on KERNEL: make check SMOKE=1
smoke:
	$(MAKE) check KERNEL=$(KERNEL) SMOKE=1

# SOAK_SECS (default 1800) of selftests/drivers/net/igx/soak.sh on the debug
# kernel; DEBUG_KERNEL=0 runs it on the stock one
soak: deps
	$(MAKE) check DEBUG_KERNEL=$${DEBUG_KERNEL:-1} IGX_SOAK_SECS=$${SOAK_SECS:-1800} \
		IGX_VM_ARGS="--timeout $$(( $${SOAK_SECS:-1800} * 3 + 600 )) $$IGX_VM_ARGS" \
		RUN_ARGS=soak.sh

# The packages as a prerequisite, not a first recipe line: the exported KDIR
# and KVER are evaluated when the recipe starts, and on a fresh machine that
# must be after the kernel headers are installed (else the sub-make got an
# empty KDIR and stopped: "no kernel build tree at KDIR=''").
deps-demo:
	bash tools/deps.sh --demo

demo: deps-demo
	$(MAKE) driver
	bash tools/vm/demo.sh

bench: deps
	$(MAKE) all
	bash tools/bench/bench.sh

VERSION := $(shell sed -nE 's/^\#define IGX_DRV_VERSION\s+"(.*)"/\1/p' driver/igx.h)
PREFIX ?= /usr/local
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)
LIBDIR ?= $(PREFIX)/lib
UDEVDIR ?= $(if $(filter /usr,$(PREFIX)),/lib/udev/rules.d,/etc/udev/rules.d)
export PREFIX

install: modules_install install-tools install-binding

# depmod only for the live system: under DESTDIR the packager runs it
modules_install: driver
	$(MAKE) -C $(KDIR) M=$(PWD) modules_install $(if $(DESTDIR),INSTALL_MOD_PATH=$(DESTDIR))
	$(if $(DESTDIR),,depmod -a $(KVER))

# what igx-tools holds
install-tools: tools
	$(MAKE) -C tools/xdpstat install
	install -D -m 0755 tools/xsk-bench/xsk-bench $(DESTDIR)$(PREFIX)/sbin/xsk-bench
	install -D -m 0644 tools/xsk-bench/xsk-bench.8 $(DESTDIR)$(PREFIX)/share/man/man8/xsk-bench.8
	install -d $(DESTDIR)$(LIBDIR)/igx/bpf
	install -m 0644 bpf/xdp_*.o $(DESTDIR)$(LIBDIR)/igx/bpf/

# the ports file is the user's: never overwritten
install-binding:
	sed -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' packaging/igx-bind.in >packaging/igx-bind
	sed -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' packaging/60-igx.rules.in >packaging/60-igx.rules
	install -D -m 0755 packaging/igx-bind $(DESTDIR)$(LIBDIR)/igx/igx-bind
	install -D -m 0644 packaging/60-igx.rules $(DESTDIR)$(UDEVDIR)/60-igx.rules
	[ -e $(DESTDIR)$(SYSCONFDIR)/igx/ports ] || \
		install -D -m 0644 packaging/ports $(DESTDIR)$(SYSCONFDIR)/igx/ports

# the module's source as DKMS builds it (the top Kbuild and driver/)
install-dkms-src:
	install -D -m 0644 Kbuild $(DESTDIR)/usr/src/igx-$(VERSION)/Kbuild
	cd driver && find . -name '*.[ch]' -o -name Kbuild -o -name '*.sh' | \
		while read -r f; do install -D -m 0644 "$$f" "$(DESTDIR)/usr/src/igx-$(VERSION)/driver/$$f" || exit 1; done

deb: tools
	bash packaging/build-deb.sh

# the packages for real, on this machine (changes it for the run, then
# purges): apt install ./out/deb/*.deb, DKMS for every kernel with headers,
# a guest on each loads the DKMS module and gets port A on igx at boot,
# apt purge leaves nothing (selftests/host/deb.sh; not in CI: DEVELOPERS.md)
check-deb: all
	IGX_DEB_INSTALL=1 bash selftests/host/deb.sh

# Debian's python3-sphinx (make deps); DOCS_OUT for another place
DOCS_OUT ?= Documentation/_build/html
docs:
	sphinx-build -W --keep-going -q -b html Documentation $(DOCS_OUT)
	@echo "docs: $(DOCS_OUT)/index.html"

# for the packaging: PREFIX (default /usr/local) and DESTDIR pass through
install-xdpstat:
	$(MAKE) -C tools/xdpstat install

clean:
	-[ -z "$(KDIR)" ] || $(MAKE) -C $(KDIR) M=$(PWD) clean
	-$(MAKE) -C bpf clean
	-$(MAKE) -C tools/xdpstat clean
	-$(MAKE) -C tools/xsk-bench clean
	-$(MAKE) -C tools/failnth clean
	-$(MAKE) -C tools/bench clean
	rm -rf Documentation/_build out packaging/igx-bind packaging/60-igx.rules
