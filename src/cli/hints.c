#include "config.h"

#include "hints.h"
#include "log.h"
#include "runfiles.h"
#include "uri.h"
#include "util.h"

/* gdb through ssh to the stub's socket on that host. */
static void
print_ssh_gdb(const struct plan *plan, const char *vmlinux)
{
	cleanup_free char *ssh = uri_ssh_command(plan->uri);

	log_info("gdb: gdb -ex 'target remote | %s socat - UNIX-CONNECT:%s' %s", ssh, plan->remote_gdb, vmlinux);
}

/* The gdb command line, with the vmlinux given or booted. */
static void
print_gdb(const struct plan *plan)
{
	const char *vmlinux = plan->symbols ? plan->symbols : "vmlinux";

	if (plan->domain.gdb_tcp_port && plan->remote)
		log_info("gdb: on %s, gdb -ex 'target remote 127.0.0.1:%u' %s", plan->remote_host, plan->domain.gdb_tcp_port, vmlinux);
	else if (plan->domain.gdb_tcp_port)
		log_info("gdb: gdb -ex 'target remote 127.0.0.1:%u' %s", plan->domain.gdb_tcp_port, vmlinux);
	else if (plan->remote && uri_is_ssh(plan->uri))
		print_ssh_gdb(plan, vmlinux);
	else if (plan->remote)
		log_info("gdb: the stub is on %s at %s (there: gdb -ex 'target remote %s' vmlinux)", plan->remote_host,
			 plan->remote_gdb, plan->remote_gdb);
	else
		log_info("gdb: gdb -ex 'target remote %s/" RUN_GDB_SOCKET "' %s", plan->run_dir, vmlinux);
	if (plan->nokaslr_added)
		log_info("added nokaslr to the kernel command line, so that gdb's symbols match");
	if (plan->gdb_wait)
		log_info("the vCPUs wait for gdb: 'continue' in gdb starts the kernel");
	log_info("module symbols: in the guest, grep . /sys/module/MOD/sections/{.text,.data,.bss}, then add-symbol-file in gdb, or lx-symbols after sourcing vmlinux-gdb.py");
}

/* On another host, everything but gdb is reached through libvirt. */
static void
print_remote(const struct plan *plan)
{
	log_info("monitor: virsh -c %s qemu-monitor-command --hmp %s 'info status'", plan->uri, plan->name);
	log_info("ttyS1: virsh -c %s console %s --devname serial1", plan->uri, plan->name);
	if (plan->domain.ttys2)
		log_info("kernel messages on ttyS2: virsh -c %s console %s --devname serial2", plan->uri, plan->name);
	log_info("shell: virsh -c %s console %s, then a key", plan->uri, plan->name);
	for (unsigned i = 1; i <= plan->domain.extra_gettys; i++)
		log_info("console %u: virsh -c %s console %s --devname console%u, or socat STDIO,raw,echo=0 UNIX:%s/" RUN_CONSOLE_SOCKET_FORMAT,
			 i, plan->uri, plan->name, i + 1, plan->run_dir, i);
}

void
hints_print(const struct plan *plan)
{
	print_gdb(plan);
	if (plan->remote) {
		print_remote(plan);
		return;
	}
	log_info("monitor: socat - UNIX:%s/" RUN_MONITOR_SOCKET ", or virsh qemu-monitor-command --hmp %s 'info status'",
		 plan->run_dir, plan->name);
	log_info("ttyS1: socat STDIO,raw,echo=0 UNIX:%s/" RUN_SERIAL_SOCKET_FORMAT, plan->run_dir, 1);
	if (plan->domain.ttys2)
		log_info("kernel messages on ttyS2: socat STDIO UNIX:%s/" RUN_SERIAL_SOCKET_FORMAT, plan->run_dir, 2);
	log_info("shell: virsh console %s, then a key", plan->name);
	for (unsigned i = 1; i <= plan->domain.extra_gettys; i++)
		if (plan->domain.detached)
			log_info("console %u: virsh console %s --devname console%u", i, plan->name, i + 1);
		else
			log_info("console %u: virsh console %s --devname console%u, or socat STDIO,raw,echo=0 UNIX:%s/" RUN_CONSOLE_SOCKET_FORMAT,
				 i, plan->name, i + 1, plan->run_dir, i);
}
