#include "tools/commands.h"
int cmd_pvs(struct cmd_context *ctx) { (void)ctx; return 0; }
int cmd_vgs(struct cmd_context *ctx) { (void)ctx; return 0; }
int cmd_lvs(struct cmd_context *ctx) { (void)ctx; return 0; }
int cmd_pvdisplay(struct cmd_context *ctx) { (void)ctx; return 0; }
int cmd_vgdisplay(struct cmd_context *ctx) { (void)ctx; return 0; }
int cmd_lvdisplay(struct cmd_context *ctx) { (void)ctx; return 0; }
