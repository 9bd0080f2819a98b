package io.sparkllm.model.zoo;

import io.sparkllm.model.generate.CausalLm;
import io.sparkllm.model.generate.DecoderSession;
import io.sparkllm.model.layers.Matmul;
import io.sparkllm.model.layers.SelfAttention;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Incremental decoding for the decoder-only families (GPT, GPT-2, BLOOM, LLaMA) with a key/value
 * cache: each new token attends to the cached keys and values of the earlier ones instead of
 * recomputing the whole prefix, so a step costs O(length) rather than O(length²). It runs the
 * graph's own forward pass again in plain ND4J ops on the graph's parameters (one sequence at a
 * time, rows = time steps); {@code KvCacheDecoderTest} holds it to the graph's logits at every
 * position for every family.
 */
public final class KvCacheDecoder implements CausalLm {
    private final ModelSpec spec;
    private final DecoderWeights weights;
    private final INDArray alibiSlopes;

    public KvCacheDecoder(ComputationGraph graph, ModelSpec spec) {
        if (spec.family() == Family.BERT || spec.family() == Family.TRANSFORMER) {
            throw new IllegalArgumentException(spec.family().key() + " is not a decoder-only model");
        }
        this.spec = spec;
        this.weights = DecoderWeights.of(graph, spec);
        this.alibiSlopes = SelfAttention.alibiSlopes(spec.heads(), weights.table().dataType());
    }

    @Override
    public int vocabularySize() {
        return (int) weights.headTable().size(0);
    }

    @Override
    public DecoderSession open() {
        return new Session();
    }

    /** The longest sequence a session holds: the learned position table's length, if any. */
    public int capacity() {
        return spec.maxPositions() > 0 ? spec.maxPositions() : 2048;
    }

    private final class Session implements DecoderSession {
        private final INDArray[] keys = new INDArray[spec.layers()];
        private final INDArray[] values = new INDArray[spec.layers()];
        private int length;

        Session() {
            DataType type = weights.table().dataType();
            for (int i = 0; i < spec.layers(); i++) {
                keys[i] = Nd4j.create(type, spec.kvHeads(), capacity(), spec.headSize());
                values[i] = Nd4j.create(type, spec.kvHeads(), capacity(), spec.headSize());
            }
        }

        @Override
        public float[] append(int[] tokens) {
            if (tokens.length == 0) {
                throw new IllegalArgumentException("append needs at least one token");
            }
            if (length + tokens.length > capacity()) {
                throw new IllegalArgumentException("sequence of " + (length + tokens.length)
                        + " tokens exceeds the model's " + capacity() + " positions");
            }
            INDArray x = Nd4j.pullRows(weights.table(), 1, tokens);
            if (weights.positions() != null) {
                x.addi(weights.positions().get(NDArrayIndex.interval(length, length + tokens.length), NDArrayIndex.all()));
            }
            if (weights.embedNorm() != null) {
                x = norm(x, weights.embedNorm());
            }
            for (int i = 0; i < spec.layers(); i++) {
                x = block(x, i);
            }
            length += tokens.length;
            INDArray last = x.getRow(x.rows() - 1, true);
            if (weights.finalNorm() != null) {
                last = norm(last, weights.finalNorm());
            }
            INDArray logits = Matmul.times(last, false, weights.headTable(), true);
            if (weights.headBias() != null) {
                logits.addi(weights.headBias());
            }
            return logits.castTo(DataType.FLOAT).toFloatVector();
        }

        private INDArray block(INDArray x, int layer) {
            DecoderWeights.Block b = weights.blocks().get(layer);
            if (spec.family().preNorm) {
                x = x.add(attention(norm(x, b.norm1()), b, layer));
                return x.add(feedForward(norm(x, b.norm2()), b));
            }
            x = norm(x.add(attention(x, b, layer)), b.norm1());
            return norm(x.add(feedForward(x, b)), b.norm2());
        }

        /** Attention of the new rows over the cache plus themselves; caches their keys and values. */
        private INDArray attention(INDArray x, DecoderWeights.Block b, int layer) {
            int rows = x.rows();
            int total = length + rows;
            long headSize = spec.headSize();
            INDArray q = heads(project(x, b.q()), spec.heads());
            INDArray k = heads(project(x, b.k()), spec.kvHeads());
            INDArray v = heads(project(x, b.v()), spec.kvHeads());
            // Grouped-query attention: query head h reads key/value head h / group.
            int group = spec.heads() / spec.kvHeads();
            if (spec.family().attentionPositions == SelfAttention.Positions.ROTARY) {
                q = rotate(q);
                k = rotate(k);
            }
            keys[layer].get(NDArrayIndex.all(), NDArrayIndex.interval(length, total), NDArrayIndex.all()).assign(k);
            values[layer].get(NDArrayIndex.all(), NDArrayIndex.interval(length, total), NDArrayIndex.all()).assign(v);
            INDArray out = Nd4j.create(x.dataType(), rows, spec.dModel());
            for (int h = 0; h < spec.heads(); h++) {
                INDArray cachedKeys = keys[layer].get(NDArrayIndex.point(h / group), NDArrayIndex.interval(0, total), NDArrayIndex.all());
                INDArray cachedValues = values[layer].get(NDArrayIndex.point(h / group), NDArrayIndex.interval(0, total), NDArrayIndex.all());
                INDArray query = q.get(NDArrayIndex.point(h), NDArrayIndex.all(), NDArrayIndex.all());
                INDArray scores = Matmul.times(query, false, cachedKeys, true).muli(1 / Math.sqrt(headSize));
                for (int r = 0; r < rows; r++) {
                    int position = length + r;
                    INDArray row = scores.getRow(r);
                    if (spec.family().attentionPositions == SelfAttention.Positions.ALIBI) {
                        double slope = alibiSlopes.getDouble(h);
                        // slope · (j - i): distance of key j behind query i, as the graph adds it.
                        row.addi(Nd4j.arange(0, total).castTo(row.dataType()).subi(position).muli(slope));
                    }
                    if (position + 1 < total) {
                        row.get(NDArrayIndex.interval(position + 1, total)).assign(Double.NEGATIVE_INFINITY);
                    }
                }
                INDArray weightsPerKey = Transforms.softmax(scores, false);
                out.get(NDArrayIndex.all(), NDArrayIndex.interval(h * headSize, (h + 1) * headSize))
                        .assign(Matmul.times(weightsPerKey, false, cachedValues, false));
            }
            return project(out, b.o());
        }

        /** Rotate-half rotary at the absolute positions of the new rows. */
        private INDArray rotate(INDArray x) {
            long headSize = spec.headSize();
            int half = (int) (headSize / 2);
            int rows = (int) x.size(1);
            double[][] cos = new double[rows][half];
            double[][] sin = new double[rows][half];
            for (int r = 0; r < rows; r++) {
                for (int i = 0; i < half; i++) {
                    double angle = (length + r) * Math.pow(spec.ropeTheta(), -2.0 * i / headSize);
                    cos[r][i] = Math.cos(angle);
                    sin[r][i] = Math.sin(angle);
                }
            }
            INDArray c = Nd4j.createFromArray(cos).castTo(x.dataType()).reshape(1, rows, half);
            INDArray s = Nd4j.createFromArray(sin).castTo(x.dataType()).reshape(1, rows, half);
            INDArray first = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, half));
            INDArray second = x.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(half, headSize));
            return Nd4j.concat(2, first.mul(c).subi(second.mul(s)), second.mul(c).addi(first.mul(s)));
        }

        private INDArray feedForward(INDArray x, DecoderWeights.Block b) {
            if (b.gate() != null) {
                INDArray gate = Matmul.times(x, false, b.gate(), false);
                INDArray gated = gate.muli(Transforms.sigmoid(gate, true)).muli(Matmul.times(x, false, b.up().weight(), false));
                return Matmul.times(gated, false, b.down().weight(), false);
            }
            return project(spec.activation().apply(project(x, b.up())), b.down());
        }
    }

    /** [rows, count·headSize] -> [count, rows, headSize]. */
    static INDArray heads(INDArray rows, int count) {
        return rows.reshape(rows.rows(), count, rows.columns() / count).permute(1, 0, 2).dup('c');
    }

    static INDArray project(INDArray x, DecoderWeights.Projection p) {
        INDArray out = Matmul.times(x, false, p.weight(), false);
        return p.bias() == null ? out : out.addiRowVector(p.bias());
    }

    /** LayerNorm (with bias) or RMSNorm (without) over each row. */
    static INDArray norm(INDArray x, DecoderWeights.Norm n) {
        INDArray centred = n.bias() == null ? x : x.subColumnVector(x.mean(1));
        INDArray meanSquare = centred.mul(centred).mean(1);
        INDArray out = centred.divColumnVector(Transforms.sqrt(meanSquare.addi(n.epsilon()), false));
        out.muliRowVector(n.gain());
        return n.bias() == null ? out : out.addiRowVector(n.bias());
    }
}
