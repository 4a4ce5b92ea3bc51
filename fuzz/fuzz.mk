# libFuzzer harnesses, built with clang apart from the normal build and
# never by "make all" or "make check".  Included from the top-level
# Makefile.am (after its EXTRA_DIST line); paths are from the top.
#
#   make fuzz-build                 build fuzz/fuzz-NAME
#   make fuzz [FUZZ_SECONDS=600]    run each on fuzz/corpus/NAME; fails on a crash
#   make fuzz-merge                 add what the runs found to fuzz/corpus/NAME

FUZZ_CC = clang
FUZZ_SECONDS = 60
# Extra libFuzzer flags for make fuzz, e.g. FUZZ_FLAGS=-jobs=2.
FUZZ_FLAGS =
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-Wall -Wextra -Wno-unused-parameter
FUZZ_CPPFLAGS = -I$(top_builddir) -I$(top_srcdir)/src/common -I$(top_srcdir)/src/base \
	-I$(top_srcdir)/src/kernel -I$(top_srcdir)/src/cli -I$(top_srcdir)/src/machine
FUZZ_COMPILE = $(FUZZ_CC) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS)

FUZZ_NAMES = kernel kconfig options conf
FUZZ_PROGS = fuzz/fuzz-kernel fuzz/fuzz-kconfig fuzz/fuzz-options fuzz/fuzz-conf

EXTRA_DIST += \
	fuzz/README \
	fuzz/fuzz.mk \
	fuzz/fuzz-kernel.c \
	fuzz/fuzz-kconfig.c \
	fuzz/fuzz-options.c \
	fuzz/fuzz-conf.c \
	fuzz/kernel.dict \
	fuzz/kconfig.dict \
	fuzz/options.dict \
	fuzz/conf.dict \
	fuzz/corpus

fuzz_error_sources = $(top_srcdir)/src/base/error.c $(top_srcdir)/src/base/error.h $(top_srcdir)/src/common/util.h \
	$(top_srcdir)/src/base/xalloc.c $(top_srcdir)/src/base/xalloc.h

fuzz/fuzz-kernel: $(srcdir)/fuzz/fuzz-kernel.c $(top_srcdir)/src/kernel/kernel.c \
		$(top_srcdir)/src/kernel/kernel.h $(top_srcdir)/src/kernel/pvhelf.c $(top_srcdir)/src/kernel/pvhelf.h \
		$(fuzz_error_sources) $(CONFIG_HEADER)
	@$(MKDIR_P) fuzz
	$(AM_V_CCLD)$(FUZZ_COMPILE) $(LIBARCHIVE_CFLAGS) -o $@ \
		$(srcdir)/fuzz/fuzz-kernel.c $(top_srcdir)/src/kernel/pvhelf.c $(top_srcdir)/src/base/error.c \
		$(top_srcdir)/src/kernel/decompress.c $(top_srcdir)/src/base/fdio.c \
		$(top_srcdir)/src/base/xalloc.c $(top_srcdir)/src/base/users.c $(LIBARCHIVE_LIBS)

fuzz/fuzz-kconfig: $(srcdir)/fuzz/fuzz-kconfig.c $(top_srcdir)/src/kernel/kconfig.c \
		$(top_srcdir)/src/kernel/kconfig.h $(top_srcdir)/src/kernel/kernel.c \
		$(top_srcdir)/src/kernel/kernel.h $(fuzz_error_sources) $(CONFIG_HEADER)
	@$(MKDIR_P) fuzz
	$(AM_V_CCLD)$(FUZZ_COMPILE) $(LIBARCHIVE_CFLAGS) -o $@ \
		$(srcdir)/fuzz/fuzz-kconfig.c $(top_srcdir)/src/kernel/kernel.c $(top_srcdir)/src/kernel/pvhelf.c \
		$(top_srcdir)/src/kernel/decompress.c $(top_srcdir)/src/base/fdio.c \
		$(top_srcdir)/src/base/error.c $(top_srcdir)/src/base/xalloc.c $(top_srcdir)/src/base/users.c $(LIBARCHIVE_LIBS)

fuzz_options_sources = $(top_srcdir)/src/cli/options.c $(top_srcdir)/src/machine/resources.c \
	$(top_srcdir)/src/cli/size.c $(top_srcdir)/src/base/strv.c $(top_srcdir)/src/cli/words.c \
	$(top_srcdir)/src/base/error.c $(top_srcdir)/src/base/xalloc.c
fuzz/fuzz-options: $(srcdir)/fuzz/fuzz-options.c $(fuzz_options_sources) \
		$(top_srcdir)/src/cli/options.h $(top_srcdir)/src/machine/resources.h \
		$(top_srcdir)/src/cli/size.h $(top_srcdir)/src/base/strv.h \
		$(top_srcdir)/src/cli/words.h $(fuzz_error_sources) $(CONFIG_HEADER)
	@$(MKDIR_P) fuzz
	$(AM_V_CCLD)$(FUZZ_COMPILE) -o $@ $(srcdir)/fuzz/fuzz-options.c $(fuzz_options_sources)

# The init's parser without the init: msg.c is replaced by the harness.
fuzz/fuzz-conf: $(srcdir)/fuzz/fuzz-conf.c $(top_srcdir)/src/init/conf.c \
		$(top_srcdir)/src/init/conf.h $(top_srcdir)/src/init/fileio.c \
		$(top_srcdir)/src/init/fileio.h $(top_srcdir)/src/init/msg.h \
		$(top_srcdir)/src/init/user.h $(top_srcdir)/src/common/contract.h $(CONFIG_HEADER)
	@$(MKDIR_P) fuzz
	$(AM_V_CCLD)$(FUZZ_COMPILE) -I$(top_srcdir)/src/init -o $@ $(srcdir)/fuzz/fuzz-conf.c \
		$(top_srcdir)/src/init/conf.c $(top_srcdir)/src/init/fileio.c $(top_srcdir)/src/common/sysio.c

fuzz-build:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || \
	  { echo "fuzz: $(FUZZ_CC) not found: apt-get install clang" >&2; exit 1; }
	@$(MAKE) $(AM_MAKEFLAGS) $(FUZZ_PROGS)

# New units go to fuzz/work/NAME (kept between runs); the source corpus
# is only read.  A crash leaves fuzz/NAME-crash-* and the log's tail.
fuzz: fuzz-build
	@failed=; for name in $(FUZZ_NAMES); do \
	  $(MKDIR_P) fuzz/work/$$name; \
	  dict=$(srcdir)/fuzz/$$name.dict; \
	  echo "  FUZZ     $$name for $(FUZZ_SECONDS) s (log in fuzz/$$name.log)"; \
	  if UBSAN_OPTIONS=print_stacktrace=1 ./fuzz/fuzz-$$name \
	       -max_total_time=$(FUZZ_SECONDS) -timeout=25 -print_final_stats=1 \
	       -dict=$$dict -artifact_prefix=fuzz/$$name- $(FUZZ_FLAGS) \
	       fuzz/work/$$name $(srcdir)/fuzz/corpus/$$name >fuzz/$$name.log 2>&1; then \
	    grep 'DONE' fuzz/$$name.log | tail -n 1; \
	  else \
	    tail -n 40 fuzz/$$name.log; failed="$$failed $$name"; \
	  fi; \
	done; \
	if test -n "$$failed"; then \
	  echo "fuzz: failed:$$failed (see fuzz/NAME.log and fuzz/NAME-crash-*)" >&2; exit 1; \
	fi

# Keep only the found units that add coverage; they land in the source tree.
fuzz-merge: fuzz-build
	@for name in $(FUZZ_NAMES); do \
	  test -d fuzz/work/$$name || continue; \
	  echo "  MERGE    fuzz/work/$$name into $(srcdir)/fuzz/corpus/$$name"; \
	  ./fuzz/fuzz-$$name -merge=1 -timeout=25 $(srcdir)/fuzz/corpus/$$name \
	    fuzz/work/$$name >fuzz/$$name-merge.log 2>&1 || \
	    { tail -n 20 fuzz/$$name-merge.log; exit 1; }; \
	done

fuzz-clean:
	-rm -rf fuzz/work
	-rm -f $(FUZZ_PROGS) fuzz/*.log fuzz/*-crash-* fuzz/*-leak-* \
	  fuzz/*-timeout-* fuzz/*-oom-* fuzz/*-slow-unit-*

clean-local: fuzz-clean

.PHONY: fuzz fuzz-build fuzz-merge fuzz-clean
