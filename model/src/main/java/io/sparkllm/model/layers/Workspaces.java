package io.sparkllm.model.layers;

import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the hand-written layers put their arrays. Fresh native buffers cost more than the
 * arithmetic on them here (a profile put 40% of a training step in buffer allocation), so a
 * forward pass writes into DL4J's activations workspace: in training that lives until the
 * backward pass, which reads what the forward pass kept from it; in inference it holds the
 * output DL4J wants anyway. Where that workspace is not open (detached feed-forward calls), the
 * arrays are plain ones.
 */
final class Workspaces {
    private Workspaces() {
    }

    /** Opens the activations workspace for the current thread's allocations, or leaves all workspaces. */
    static MemoryWorkspace activations(LayerWorkspaceMgr workspaceMgr) {
        boolean open = !workspaceMgr.isScopedOut(ArrayType.ACTIVATIONS) && workspaceMgr.hasConfiguration(ArrayType.ACTIVATIONS)
                && workspaceMgr.isWorkspaceOpen(ArrayType.ACTIVATIONS);
        return open ? workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS) : Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
    }
}
