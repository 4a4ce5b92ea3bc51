#include "config.h"

#include <errno.h>
#include <json-c/json.h>
#include <libvirt/libvirt-qemu.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "connection.h"
#include "error.h"
#include "snapshot.h"
#include "sysio.h"
#include "util.h"
#include "xalloc.h"

/* How long a save or a restore may take, under TCG with a big memory. */
#define SNAPSHOT_DEADLINE_MS 120000
#define SNAPSHOT_CHUNK (1 << 20)
/* No limit worth the name: QEMU's default would take seconds. */
#define MIGRATE_BANDWIDTH "1099511627776"

char *
snapshot_versions(virConnectPtr conn)
{
	unsigned long hypervisor = 0, library = 0;

	if (virConnectGetVersion(conn, &hypervisor) < 0 || virConnectGetLibVersion(conn, &library) < 0)
		return NULL;
	return xasprintf("qemu %lu libvirt %lu", hypervisor, library);
}

/* Run the QMP command CMD; its "return" member's value, as a string
   (allocated), or NULL with a message. */
static char *
qmp(virDomainPtr dom, const char *cmd, const char *member)
{
	char *reply = NULL, *value = NULL;
	json_object *root, *ret, *field;

	if (virDomainQemuMonitorCommand(dom, cmd, &reply, 0) < 0) {
		err_set("QEMU's monitor refused %s: %s", cmd, connection_last_error());
		return NULL;
	}
	root = json_tokener_parse(reply);
	if (!root || !json_object_object_get_ex(root, "return", &ret))
		err_set("QEMU's monitor answered %s with %.200s", cmd, reply);
	else
		value = xstrdup(member && json_object_object_get_ex(ret, member, &field) ? json_object_get_string(field) : "");
	json_object_put(root);
	free(reply);
	return value;
}

/* Run CMD, caring only that it succeeds. */
static int
qmp_do(virDomainPtr dom, const char *cmd)
{
	cleanup_free char *done = qmp(dom, cmd, NULL);

	return done ? 0 : -1;
}

/* A unix socket at PATH, listening or (CONNECT) connected; -1 with a message. */
static int
unix_socket(const char *path, bool connect_to)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(path) >= sizeof addr.sun_path)
		return err_set("the socket path %s is too long", path);
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return err_sys("cannot make a socket");
	if (connect_to ? connect(fd, (struct sockaddr *)&addr, sizeof addr) < 0
		       : bind(fd, (struct sockaddr *)&addr, sizeof addr) < 0 || listen(fd, 1) < 0) {
		err_sys("cannot %s %s", connect_to ? "connect to" : "listen on", path);
		close(fd);
		return -1;
	}
	return fd;
}

/* Wait until the migration's "status" is "completed"; -1 on "failed". */
static int
wait_completed(virDomainPtr dom, long long deadline)
{
	while (now_ms() < deadline) {
		cleanup_free char *status = qmp(dom, "{\"execute\":\"query-migrate\"}", "status");

		if (!status)
			return -1;
		if (!strcmp(status, "completed"))
			return 0;
		if (!strcmp(status, "failed") || !strcmp(status, "cancelled"))
			return err_set("QEMU's migration %s", status);
		sleep_ms(2);
	}
	return err_set("the migration did not end in %d s", SNAPSHOT_DEADLINE_MS / 1000);
}

/* Accept QEMU on LISTENER and write all it sends into WRITER. */
static int
receive_state(int listener, struct snap_writer *writer, long long deadline)
{
	struct pollfd pfd = { .fd = listener, .events = POLLIN };
	cleanup_free char *buf = xmalloc(SNAPSHOT_CHUNK);
	cleanup_fd int fd = -1;
	ssize_t n;

	if (poll(&pfd, 1, (int)(deadline - now_ms())) <= 0 || (fd = accept4(listener, NULL, NULL, SOCK_CLOEXEC)) < 0)
		return err_set("QEMU did not connect to save its state");
	while ((n = read(fd, buf, SNAPSHOT_CHUNK)) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return err_sys("reading QEMU's state");
		if (snapstore_write(writer, buf, (size_t)n) < 0)
			return -1;
	}
	return 0;
}

int
snapshot_save(virDomainPtr dom, const struct warm_run *warm, const char *log, size_t log_len)
{
	const char *socket = warm->socket, *path = warm->path;
	long long deadline = now_ms() + SNAPSHOT_DEADLINE_MS;
	cleanup_free char *migrate =
		xasprintf("{\"execute\":\"migrate\",\"arguments\":{\"uri\":\"unix:%s\"}}", socket);
	cleanup_fd int listener = -1;
	struct snap_writer writer;
	int rc = -1;

	unlink(socket);
	if ((listener = unix_socket(socket, false)) < 0)
		return -1;
	if (snapstore_begin(path, &writer) < 0)
		goto out;
	if (virDomainSuspend(dom) < 0) {
		err_set("cannot pause the guest: %s", connection_last_error());
		goto out;
	}
	if (qmp_do(dom, "{\"execute\":\"migrate-set-parameters\",\"arguments\":{\"max-bandwidth\":" MIGRATE_BANDWIDTH
			"}}") < 0 ||
	    qmp_do(dom, migrate) < 0 || receive_state(listener, &writer, deadline) < 0 ||
	    wait_completed(dom, deadline) < 0)
		goto out;
	rc = snapstore_commit(&writer, log, log_len, warm->versions, warm->kernel);
out:
	snapstore_abort(&writer);
	unlink(socket);
	return rc;
}

/* Connect to QEMU's listener at SOCKET, retrying until DEADLINE. */
static int
connect_retry(const char *socket, long long deadline)
{
	int fd;

	while ((fd = unix_socket(socket, true)) < 0 && now_ms() < deadline)
		sleep_ms(2);
	return fd;
}

/* Send FILE's state to FD, checking its hash. */
static int
send_state(int fd, struct snap_file *file)
{
	cleanup_free char *buf = xmalloc(SNAPSHOT_CHUNK);
	struct snap_hash hash;
	uint64_t left = file->state_size;

	snap_hash_init(&hash);
	while (left > 0) {
		size_t want = left < SNAPSHOT_CHUNK ? (size_t)left : SNAPSHOT_CHUNK;
		ssize_t n = read(file->fd, buf, want);

		if (n <= 0)
			return err_sys("reading the snapshot");
		snap_hash_update(&hash, buf, (size_t)n);
		if (write_all(fd, buf, (size_t)n) < (size_t)n)
			return err_sys("QEMU stopped reading the snapshot");
		left -= (uint64_t)n;
	}
	if (snap_hash_final(&hash) != file->state_hash)
		return err_set("the snapshot is damaged (its hash does not match)");
	return 0;
}

int
snapshot_restore(virDomainPtr dom, const char *socket, struct snap_file *file)
{
	long long deadline = now_ms() + SNAPSHOT_DEADLINE_MS;
	cleanup_free char *incoming =
		xasprintf("{\"execute\":\"migrate-incoming\",\"arguments\":{\"uri\":\"unix:%s\"}}", socket);
	int fd, rc;

	unlink(socket);
	if (qmp_do(dom, incoming) < 0 || (fd = connect_retry(socket, deadline)) < 0)
		return -1;
	rc = send_state(fd, file);
	close(fd);
	unlink(socket);
	if (rc < 0)
		return -1;
	return wait_completed(dom, deadline);
}
