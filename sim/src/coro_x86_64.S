/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * sim_ctx_switch(void **save_sp, void *next_sp): save the callee-saved
 * registers of the running context on its stack, store its stack pointer in
 * *save_sp, load next_sp and restore the registers saved there.  The caller-
 * saved registers are dead across the call by the ABI, so this is all a
 * switch needs: no signal mask, no system call.
 */
	.text
	.globl	sim_ctx_switch
	.type	sim_ctx_switch, @function
sim_ctx_switch:
	.cfi_startproc
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret
	.cfi_endproc
	.size	sim_ctx_switch, .-sim_ctx_switch

	.section .note.GNU-stack,"",@progbits
