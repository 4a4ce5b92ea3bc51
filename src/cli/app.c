#include "config.h"

#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "app.h"
#include "connection.h"
#include "contract.h"
#include "domain.h"
#include "detached.h"
#include "dryrun.h"
#include "endmark.h"
#include "error.h"
#include "fdio.h"
#include "hints.h"
#include "initprog.h"
#include "initramfs.h"
#include "interrupt.h"
#include "inspect.h"
#include "jobctl.h"
#include "kbuild.h"
#include "matrix.h"
#include "kconfig_merge.h"
#include "listing.h"
#include "log.h"
#include "memfloor.h"
#include "outcome.h"
#include "paths.h"
#include "planning.h"
#include "pvh.h"
#include "remoterun.h"
#include "rundir.h"
#include "runfiles.h"
#include "runconf.h"
#include "session.h"
#include "snapstore.h"
#include "template.h"
#include "timings.h"
#include "uri.h"
#include "util.h"
#include "warmrun.h"
#include "xalloc.h"

/* The template named by --template, else the default one. */
static xmlDocPtr
load_template(const struct settings *settings)
{
	cleanup_free char *default_template = NULL;

	if (settings->template_path)
		return template_load(settings->template_path);
	default_template = paths_template();
	return template_load(default_template);
}

/* On an attached console, ask the guest to end its output with a mark of
   its own (MARK, empty otherwise), so that none of it is lost. */
static int
console_end_mark(const struct plan *plan, struct runconf *conf, char *mark, size_t size)
{
	char token[32];

	mark[0] = '\0';
	if (!plan->console || plan->domain.detached || plan->guest.pid1 || plan->init_program)
		return 0;
	if (endmark_token(token, sizeof token) < 0)
		return err_sys("cannot draw a random token");
	snprintf(mark, size, EB_CONSOLE_END_FORMAT, token);
	runconf_add(conf, EB_KEY_CONSOLE_END, token);
	return 0;
}

/* The run's files: the guest's settings, the run directory and the
   initrd in it (*MADE_DIR once the directory exists). */
static int
prepare_files(const struct inspection *inspection, const struct plan *plan, struct runconf *conf,
	      char console_end[ENDMARK_MAX], bool *made_dir)
{
	int cache_hit = 0;

	if (runconf_build(inspection, plan, plan->console, conf) < 0 ||
	    console_end_mark(plan, conf, console_end, ENDMARK_MAX) < 0 ||
	    rundir_create(plan->run_dir) < 0)
		return -1;
	*made_dir = true;
	if (plan->init_program ? initprog_initramfs(plan->init_program, plan->initrd_path) < 0
				   : initramfs_build(inspection, plan->domain.detached ? conf : NULL, plan->initrd_path,
						     &cache_hit) < 0)
		return -1;
	if (interrupt_pending() || memfloor_check(plan, &inspection->image) < 0)
		return -1;
	timings_mark(STEP_INITRAMFS);
	log_ok("initramfs %s (%s)", plan->initrd_path, plan->init_program ? plan->init_program : cache_hit ? "cached" : "built");
	return 0;
}

/* What the reports say of the run and its kernel. */
static struct run_facts
app_facts(const struct inspection *inspection, const struct plan *plan)
{
	return (struct run_facts){
		.kernel_path = inspection->image.path,
		.kernel_version = inspection->image.version,
		.build_dir = inspection->image.build_dir,
		.modules_dir = inspection->modules_dir,
		.vmlinux = plan->symbols,
		.uri = plan->uri,
		.domain = plan->name,
		.command = plan->guest.command,
	};
}

/* On CONN: start the guest detached (its run directory then stays, with
   its output and status), or run it to its end. */
static int
start_guest(const struct inspection *inspection, struct plan *plan, virConnectPtr conn, bool embedded,
	    const struct runconf *conf, const char *console_end, const struct run_xml *xml,
	    struct session_result *result, bool *keep_run_dir)
{
	struct run_facts facts;
	cleanup_free char *kernel_log = xasprintf("%s/" RUN_KERNEL_LOG, plan->run_dir);
	struct session_options options = {
		.uri = plan->uri,
		.run_dir = plan->run_dir,
		.extra_consoles = plan->domain.extra_gettys,
		.console_mode = plan->console && !plan->init_program,
		.verbose = plan->guest.verbose,
		.timeout = plan->timeout,
		.boot_timeout = plan->boot_timeout,
		.embedded = embedded,
		.gdb_wait = plan->gdb_wait,
		.init_program = plan->init_program != NULL,
		.console_end = console_end[0] ? console_end : NULL,
		.kernel_log = kernel_log,
		/* An --init program reads no settings. */
		.conf = plan->init_program ? NULL : conf->data,
		.conf_len = conf->size,
	};
	int status;

	if (!plan->domain.detached)
		return warmrun_session(conn, plan, embedded, xml, &options, result,
				       plan->junit ? REPORT_OUTPUT_MAX : 0);
	hints_print(plan);
	if (embedded)
		return err_set("--detach needs libvirtd: an embedded guest ends with this process");
	facts = app_facts(inspection, plan);
	status = detached_start(conn, xml->cold, plan, &facts);
	*keep_run_dir = status == 0;
	return status;
}

/* The run's verdict and reports once it is over (a detached run's come
   with --status); its exit status. */
static int
finish(const struct inspection *inspection, const struct plan *plan, struct session_result *result, int status,
       bool detached)
{
	cleanup_free char *kernel_log = xasprintf("%s/" RUN_KERNEL_LOG, plan->run_dir);
	struct outcome_input outcome = {
		.facts = app_facts(inspection, plan),
		.fail_on = plan->fail_on,
		.allowed = plan->allowed_splats,
		.kernel_log_copy = plan->kernel_log,
		.report = plan->report,
		.junit = plan->junit,
		.bisect = plan->bisect,
		.bisect_skip = plan->bisect_skip,
		.result = result,
		.status = status,
		.verbose = plan->guest.verbose,
		.started = timings_started(),
		.kernel_log = kernel_log,
	};

	/* A run that never got its guest going has nothing to judge or report. */
	if (status < 0 && interrupt_pending())
		return 128 + interrupt_pending();
	if (status < 0) {
		log_error("%s", err_get());
		return EXIT_TOOL;
	}
	return detached ? status : outcome_finish(&outcome);
}

/* The domain XML of DOMAIN rendered on a copy of DOC; NULL with a message. */
static char *
render_copy(xmlDocPtr doc, const struct domain_plan *domain)
{
	xmlDocPtr copy = xnonnull(xmlCopyDoc(doc, 1));
	char *text = domain_render(copy, domain) == 0 ? domain_to_string(copy) : NULL;

	xmlFreeDoc(copy);
	return text;
}

/* The spare's domain: the run's shape, with its own name and directory. */
static char *
render_spare(xmlDocPtr doc, const struct plan *plan)
{
	struct domain_plan spare = plan->domain;
	cleanup_free char *initrd = xasprintf("%s/" RUN_INITRD, plan->spare_dir);
	spare.name = plan->spare_name;
	spare.run_dir = plan->spare_dir;
	spare.initrd_path = initrd;
	spare.incoming = true;
	spare.spare_of = snapstore_name(plan->snapshot);
	spare.spare_idle = plan->spare_idle;
	return render_copy(doc, &spare);
}

/* The domain XML, cold, waiting for a saved state when the run may start
   from a snapshot, and the spare's; -1 with a message. */
static int
render_xml(xmlDocPtr doc, struct plan *plan, struct run_xml *xml)
{
	struct domain_plan warm = plan->domain;

	warm.incoming = true;
	if (plan->snapshot && !(xml->warm = render_copy(doc, &warm)))
		return -1;
	if (plan->spare && !(xml->spare = render_spare(doc, plan)))
		return -1;
	if (domain_render(doc, &plan->domain) < 0 || !(xml->cold = domain_to_string(doc)))
		return -1;
	return 0;
}

/* On another host: upload the kernel and the initrd, then render the XML
   that names the copies there. */
static int
go_remote(virConnectPtr conn, const struct inspection *inspection, struct plan *plan, xmlDocPtr doc,
	  struct run_xml *xml, struct runconf *conf)
{
	if (remoterun_upload(conn, plan, inspection->modules_dir, conf) < 0 || interrupt_pending())
		return -1;
	return render_xml(doc, plan, xml);
}

/* Build the initrd, connect, run the guest to its end and judge it (a
   run on another host renders XML only then, from DOC). */
static int
boot(const struct inspection *inspection, struct plan *plan, xmlDocPtr doc, struct run_xml *xml)
{
	struct session_result result;
	struct runconf conf = { 0 };
	virConnectPtr conn = NULL;
	bool embedded = false, made_dir = false, keep_run_dir = false;
	cleanup_free char *embed_root = NULL;
	int status = -1;
	char console_end[ENDMARK_MAX];

	session_result_init(&result, plan->junit ? REPORT_OUTPUT_MAX : 0);
	interrupt_defer();
	if (prepare_files(inspection, plan, &conf, console_end, &made_dir) < 0 || events_start() < 0)
		goto out;
	if (uri_may_embed(plan->uri_why))
		embed_root = rundir_embed_root(plan->run_dir);
	conn = connection_open(plan->uri, embed_root, &embedded);
	if (!conn || interrupt_pending())
		goto out;
	timings_mark(STEP_CONNECTED);
	if (embedded)
		log_warn("libvirtd is not running: using libvirt's embedded QEMU driver (qemu:///embed); virsh cannot see this guest%s",
			 plan->spare ? ", and it leaves no warm spare" : "");
	else
		log_work("Starting %s on %s (%s)...", plan->name, plan->uri, plan->uri_why);
	/* This machine's run directories name none of another host's domains. */
	if (rundir_claim(conn, plan->uri, plan->run_dir, embedded || plan->remote) == 0 &&
	    (!plan->remote || go_remote(conn, inspection, plan, doc, xml, &conf) == 0))
		status = start_guest(inspection, plan, conn, embedded, &conf, console_end, xml, &result, &keep_run_dir);
out:
	if (conn)
		virConnectClose(conn);
	events_stop();
	status = finish(inspection, plan, &result, status, keep_run_dir);
	if (made_dir && !keep_run_dir)
		rundir_remove(plan->run_dir);
	session_result_clear(&result);
	runconf_clear(&conf);
	/* Stopped by a signal while preparing or cleaning up: say so in the status. */
	if (interrupt_pending())
		status = 128 + interrupt_pending();
	return status;
}

/* How the kernel boots: its ELF kernel through PVH, extracted into the
   cache now when EXTRACT (the first of the files a run prepares; only
   printing extracts nothing), else the image itself, the plan says why. */
static void
prepare_kernel_entry(const struct inspection *inspection, struct plan *plan, bool extract)
{
	bool as_is = false;

	if (!plan->pvh_wanted)
		plan->pvh_why = xstrdup("--no-pvh");
	else if (!(plan->pvh_kernel = pvh_kernel(&inspection->image, inspection->config, extract, &as_is)))
		plan->pvh_why = xstrdup(err_get());
	plan->domain.boot_path = plan->pvh_kernel;
	/* A vmlinux booted as it is has the symbols gdb wants; an extracted copy has none. */
	if (!plan->symbols && plan->pvh_kernel && as_is)
		plan->symbols = plan->pvh_kernel;
}

/* What the kernel's configuration must give this run; NULL for a --init
   program, which needs none of the 9P root's drivers. */
static const struct kcheck_request *
kernel_request(const struct settings *settings, struct kcheck_request *request)
{
	const char *why;

	*request = (struct kcheck_request){
		.overlay = !settings->readonly && !settings->readwrite,
		.net = settings->net,
		.image = settings->image != NULL,
		.virtiofs = settings->virtiofs,
		.disks = settings->disk_count || settings->image || settings->qemu_args,
		.modules_image = uri_is_remote(uri_choose(settings->connect_uri, &why)),
	};
	return settings->init_program ? NULL : request;
}

/* --build: make the tree (--kernel, else the current directory); its
   result names the kernel and the staged modules to boot. */
static int
build_kernel(const struct settings *settings, struct kbuild_result *build)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct kbuild_request request = {
		.tree = settings->kernel ? settings->kernel : ".",
		.output = settings->build_output,
		.verbose = settings->verbose,
		.progress = !settings->silent,
		.jobs = cpus > 0 ? (unsigned)cpus : 1,
	};

	if (settings->kernel && path_is_regular(settings->kernel))
		return err_set("--build makes a kernel tree, and %s is a file: give --kernel=DIR of its tree, or drop --build",
			       settings->kernel);
	return kbuild_run(&request, build);
}

/* Everything up to the domain XML; then print it or boot it. */
static int
prepare_and_go(const struct settings *settings, xmlDocPtr doc, struct inspection *inspection,
	       struct plan *plan)
{
	struct run_xml xml = { 0 };
	struct kcheck_request request;
	struct kbuild_result build = { 0 };
	bool booting_remote;
	int status;

	if (settings->build && !settings->dump_xml && !settings->dry_run) {
		interrupt_defer();
		if (build_kernel(settings, &build) < 0) {
			kbuild_result_clear(&build);
			return -1;
		}
	}
	status = inspect_kernel(build.build_dir ? build.build_dir : settings->kernel, build.staging,
				kernel_request(settings, &request), inspection);
	kbuild_result_clear(&build);
	if (status < 0 || plan_make(settings, inspection, plan) < 0)
		return -1;
	if (!settings->dump_xml && !settings->dry_run)
		interrupt_defer();
	prepare_kernel_entry(inspection, plan, !settings->dump_xml && !settings->dry_run);
	if (interrupt_pending())
		return 128 + interrupt_pending();
	if (plan->pvh_kernel)
		log_ok("Booting its ELF kernel through the PVH entry (%s)", plan->pvh_kernel);
	else
		log_info("booting the image itself: %s", plan->pvh_why);
	if (plan->accel_note)
		log_info("%s", plan->accel_note);
	/* Another host's XML names the files uploaded there, once they are. */
	booting_remote = plan->remote && !settings->dump_xml && !settings->dry_run;
	status = booting_remote ? 0 : render_xml(doc, plan, &xml);
	timings_mark(STEP_INSPECTED);
	if (status < 0)
		goto out;
	if (settings->dump_xml) {
		fputs(xml.cold, stdout);
		status = fflush(stdout) == 0 ? 0 : err_sys("writing the XML");
	} else {
		status = settings->dry_run ? dryrun_print(inspection, plan) : boot(inspection, plan, doc, &xml);
	}
out:
	free(xml.cold);
	free(xml.warm);
	free(xml.spare);
	return status;
}

/* --matrix: the command line's words name the targets. */
static int
run_matrix(const struct settings *settings)
{
	struct matrix_request matrix = {
		.path = settings->matrix,
		.names = settings->command,
		.list_only = settings->matrix_list,
		.results = settings->results,
	};

	return matrix_main(&matrix);
}

int
app_run(const struct settings *settings)
{
	struct inspection inspection = { 0 };
	struct plan plan = { 0 };
	xmlDocPtr doc;
	int status;

	if (settings->show_help) {
		fputs(options_usage, stdout);
		return 0;
	}
	if (settings->show_version) {
		printf("eudyptula-boot %s\n", PACKAGE_VERSION);
		return 0;
	}
	timings_mark(STEP_START);
	log_init(settings->silent || settings->dump_xml || settings->dry_run);
	if (settings->matrix)
		return run_matrix(settings);
	if (settings->status_of || settings->attach) {
		status = settings->status_of ? detached_status(settings) : detached_attach(settings);
		if (status < 0) {
			log_error("%s", err_get());
			return EXIT_TOOL;
		}
		return status;
	}
	if (settings->list)
		return listing_print(settings->connect_uri) < 0 ? (log_error("%s", err_get()), EXIT_TOOL) : 0;
	if (settings->end_spares)
		return listing_end_spares(settings->connect_uri) < 0 ? (log_error("%s", err_get()), EXIT_TOOL) : 0;
	if (settings->kconfig) {
		if (kconfig_fragment_apply(settings->kconfig_dir) == 0)
			return 0;
		log_error("%s", err_get());
		return EXIT_TOOL;
	}
	/* Before anything is allocated or libvirt starts a thread: the child
	   does the run (jobctl.h). */
	if (!settings->detach && !settings->dump_xml && !settings->dry_run && jobctl_split() < 0) {
		log_error("%s", err_get());
		return EXIT_TOOL;
	}
	doc = load_template(settings);
	status = doc ? prepare_and_go(settings, doc, &inspection, &plan) : -1;
	if (status < 0) {
		log_error("%s", err_get());
		status = EXIT_TOOL;
	}
	timings_mark(STEP_END);
	if (settings->timings)
		timings_print();
	plan_clear(&plan);
	inspection_clear(&inspection);
	xmlFreeDoc(doc);
	xmlCleanupParser();
	return status;
}
