/* The five libudev functions a static libdevmapper calls, for the fully
 * static vgtool (build-aux/static-libdevmapper): Debian has no libudev.a.
 *
 * libdevmapper asks libudev one question only, before each operation that
 * may wait for udev: is udevd running?  libudev answers it by checking that
 * udevd's control socket exists, and so does this file; everything else of
 * udev synchronisation (cookies, SysV semaphores, the udev flags) is
 * libdevmapper's own code and unchanged.  Linked only into the static
 * binary; the shared build uses the real libudev. */
#include <stddef.h>
#include <unistd.h>

struct udev;
struct udev_queue;

/* Neither object carries state here: one static token stands for both. */
static char token;

struct udev *udev_new(void);
struct udev *udev_unref(struct udev *udev);
struct udev_queue *udev_queue_new(struct udev *udev);
struct udev_queue *udev_queue_unref(struct udev_queue *queue);
int udev_queue_get_udev_is_active(struct udev_queue *queue);

struct udev *udev_new(void)
{
	return (struct udev *)&token;
}

struct udev *udev_unref(struct udev *udev)
{
	(void)udev;
	return NULL;
}

struct udev_queue *udev_queue_new(struct udev *udev)
{
	return udev ? (struct udev_queue *)&token : NULL;
}

struct udev_queue *udev_queue_unref(struct udev_queue *queue)
{
	(void)queue;
	return NULL;
}

/* udevd creates this socket when it starts and removes it when it stops. */
int udev_queue_get_udev_is_active(struct udev_queue *queue)
{
	(void)queue;
	return access("/run/udev/control", F_OK) == 0;
}
