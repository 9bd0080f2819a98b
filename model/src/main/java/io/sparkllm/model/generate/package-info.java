/**
 * Decoding: turning a model's next-token logits into tokens. Sampling ({@link io.sparkllm.model.generate.TokenSampler},
 * {@link io.sparkllm.model.generate.Generator}) for decoder-only models, beam search
 * ({@link io.sparkllm.model.generate.BeamSearch}) for encoder-decoder ones. Plain Java: the models are reached only
 * through {@link io.sparkllm.model.generate.CausalLm} and {@link io.sparkllm.model.generate.Seq2SeqLm}.
 */
package io.sparkllm.model.generate;
