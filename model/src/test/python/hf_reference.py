#!/usr/bin/env python3
"""Reference checkpoints and outputs for the Hugging Face checkpoint import tests.

For each family (gpt2, bloom, llama, bert) this builds a tiny, seeded, randomly initialised
model whose tensor names, shapes and layouts are those the Hugging Face class
(GPT2LMHeadModel, BloomForCausalLM, LlamaForCausalLM, BertForPreTraining) writes with
save_pretrained, runs it in float64 on a fixed two-row batch (row 1 right-padded), and writes

    <out>/<family>/config.json           the Hugging Face config
    <out>/<family>/model.safetensors     the weights (F32), tied copies left out as HF does
    <out>/<family>/reference.safetensors input_ids, attention_mask (, token_type_ids) and the
                                         outputs (logits, or prediction_logits and
                                         seq_relationship_logits), computed in float64, stored F32

The forward passes are plain torch written from the published Hugging Face modeling code
(modeling_gpt2.py, modeling_bloom.py, modeling_llama.py, modeling_bert.py); neither the
transformers nor the safetensors package is needed. Weights come from numpy's legacy
RandomState stream, which numpy keeps stable across versions, so regenerating gives the same
bytes.

Regenerate (Debian's python has torch):

    /usr/bin/python3 model/src/test/python/hf_reference.py --out model/src/test/resources/checkpoints

Check the committed files: both safetensors files parse strictly, names, shapes and weights equal
a fresh build, the outputs recomputed from the weights as read back match the stored ones, a
second forward pass assembled from torch.nn modules (TransformerEncoderLayer, MultiheadAttention)
agrees, every tensor moves the outputs, padded ids reach no real position, causal models do not
look ahead:

    /usr/bin/python3 model/src/test/python/hf_reference.py --out model/src/test/resources/checkpoints --check
"""

import argparse
import json
import math
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F

SEED = 20240611
FAMILIES = ("gpt2", "bloom", "llama", "bert", "llama-gqa")
SEQ_LEN = 12
PADDED_TAIL = 4
INIT_STD = 0.2

# safetensors dtype code -> (torch dtype, little-endian numpy dtype)
DTYPES = {
    "F32": (torch.float32, np.dtype("<f4")),
    "I64": (torch.int64, np.dtype("<i8")),
}


# ---------------------------------------------------------------------------------------------
# safetensors
# ---------------------------------------------------------------------------------------------

def safetensors_bytes(tensors):
    """Serialises name -> tensor (float32 or int64) as a safetensors file; names sorted, data
    in the same order, header padded with spaces to a multiple of 8."""
    header = {"__metadata__": {"format": "pt"}}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        tensor = tensors[name]
        code = {torch.float32: "F32", torch.int64: "I64"}.get(tensor.dtype)
        if code is None:
            raise ValueError(f"{name}: unsupported dtype {tensor.dtype}")
        data = np.ascontiguousarray(tensor.detach().cpu().numpy(), dtype=DTYPES[code][1]).tobytes()
        header[name] = {"dtype": code, "shape": list(tensor.shape),
                        "data_offsets": [offset, offset + len(data)]}
        chunks.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def read_safetensors(path):
    """Parses a safetensors file strictly: the byte ranges must tile the data section in order
    with no gaps, and each range must match its dtype and shape. Returns (tensors, metadata)."""
    with open(path, "rb") as f:
        blob = f.read()
    if len(blob) < 8:
        raise ValueError(f"{path}: shorter than the header length")
    (header_len,) = struct.unpack("<Q", blob[:8])
    if 8 + header_len > len(blob):
        raise ValueError(f"{path}: header length {header_len} past the end of the file")
    header = json.loads(blob[8:8 + header_len].decode("utf-8"))
    metadata = header.pop("__metadata__", None)
    data = blob[8 + header_len:]
    tensors = {}
    expected_begin = 0
    for name, info in sorted(header.items(), key=lambda item: item[1]["data_offsets"][0]):
        begin, end = info["data_offsets"]
        torch_dtype, np_dtype = DTYPES[info["dtype"]]
        shape = tuple(info["shape"])
        count = int(np.prod(shape, dtype=np.int64))
        if begin != expected_begin or end - begin != count * np_dtype.itemsize:
            raise ValueError(f"{path}: {name} has byte range [{begin}, {end}) for {info['dtype']} {list(shape)}")
        array = np.frombuffer(data, dtype=np_dtype, count=count, offset=begin).reshape(shape)
        tensors[name] = torch.from_numpy(array.astype(np_dtype.newbyteorder("="), copy=True))
        assert tensors[name].dtype == torch_dtype
        expected_begin = end
    if expected_begin != len(data):
        raise ValueError(f"{path}: {len(data) - expected_begin} bytes after the last tensor")
    return tensors, metadata


# ---------------------------------------------------------------------------------------------
# configs
# ---------------------------------------------------------------------------------------------

def model_type(family):
    """The Hugging Face model type of a fixture: llama-gqa is a LLaMA whose 4 query heads share 2
    key/value heads (grouped-query attention, as Llama 2 70B, Llama 3 and TinyLlama have)."""
    return family.split("-")[0]


def make_config(family):
    if family == "llama-gqa":
        cfg = make_config("llama")
        cfg["num_key_value_heads"] = 2
        return cfg
    if family == "gpt2":
        return {
            "architectures": ["GPT2LMHeadModel"],
            "model_type": "gpt2",
            "activation_function": "gelu_new",
            "layer_norm_epsilon": 1e-5,
            "n_embd": 32,
            "n_head": 4,
            "n_inner": 64,
            "n_layer": 2,
            "n_positions": 32,
            "n_ctx": 32,
            "vocab_size": 128,
            "scale_attn_weights": True,
            "scale_attn_by_inverse_layer_idx": False,
            "reorder_and_upcast_attn": False,
            "tie_word_embeddings": True,
            "torch_dtype": "float32",
        }
    if family == "bloom":
        # BLOOM has no FFN size in its config: the MLP is always 4 * hidden_size wide.
        return {
            "architectures": ["BloomForCausalLM"],
            "model_type": "bloom",
            "hidden_size": 32,
            "n_head": 4,
            "n_layer": 2,
            "vocab_size": 112,
            "layer_norm_epsilon": 1e-5,
            "apply_residual_connection_post_layernorm": False,
            "pretraining_tp": 1,
            "slow_but_exact": False,
            "tie_word_embeddings": True,
            "torch_dtype": "float32",
        }
    if family == "llama":
        return {
            "architectures": ["LlamaForCausalLM"],
            "model_type": "llama",
            "hidden_size": 32,
            "intermediate_size": 64,
            "num_hidden_layers": 2,
            "num_attention_heads": 4,
            "num_key_value_heads": 4,
            "head_dim": 8,
            "hidden_act": "silu",
            "max_position_embeddings": 32,
            "rms_norm_eps": 1e-6,
            "rope_theta": 10000.0,
            "rope_scaling": None,
            "attention_bias": False,
            "mlp_bias": False,
            "pretraining_tp": 1,
            "tie_word_embeddings": False,
            "vocab_size": 120,
            "torch_dtype": "float32",
        }
    if family == "bert":
        return {
            "architectures": ["BertForPreTraining"],
            "model_type": "bert",
            "hidden_size": 32,
            "num_hidden_layers": 2,
            "num_attention_heads": 4,
            "intermediate_size": 64,
            "hidden_act": "gelu",
            "max_position_embeddings": 32,
            "type_vocab_size": 2,
            "vocab_size": 96,
            "layer_norm_eps": 1e-12,
            "position_embedding_type": "absolute",
            "pad_token_id": 0,
            "tie_word_embeddings": True,
            "torch_dtype": "float32",
        }
    raise ValueError(family)


# ---------------------------------------------------------------------------------------------
# weights
# ---------------------------------------------------------------------------------------------

class Init:
    """Draws tensors in call order from one seeded stream: matrices and embeddings N(0, 0.2²),
    biases N(0, 0.2²), norm scales 1 + N(0, 0.2²)."""

    def __init__(self, seed):
        self.rng = np.random.RandomState(seed)
        self.tensors = {}

    def _draw(self, shape):
        return self.rng.standard_normal(size=shape).astype(np.float32) * np.float32(INIT_STD)

    def weight(self, name, *shape):
        self.tensors[name] = torch.from_numpy(self._draw(shape))

    bias = weight

    def scale(self, name, *shape):
        self.tensors[name] = torch.from_numpy(np.float32(1.0) + self._draw(shape))


def init_gpt2(cfg, init):
    d, inner, V = cfg["n_embd"], cfg["n_inner"] or 4 * cfg["n_embd"], cfg["vocab_size"]
    init.weight("transformer.wte.weight", V, d)
    init.weight("transformer.wpe.weight", cfg["n_positions"], d)
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        init.scale(p + "ln_1.weight", d)
        init.bias(p + "ln_1.bias", d)
        init.weight(p + "attn.c_attn.weight", d, 3 * d)       # Conv1D: [in, out]
        init.bias(p + "attn.c_attn.bias", 3 * d)
        init.weight(p + "attn.c_proj.weight", d, d)
        init.bias(p + "attn.c_proj.bias", d)
        init.scale(p + "ln_2.weight", d)
        init.bias(p + "ln_2.bias", d)
        init.weight(p + "mlp.c_fc.weight", d, inner)
        init.bias(p + "mlp.c_fc.bias", inner)
        init.weight(p + "mlp.c_proj.weight", inner, d)
        init.bias(p + "mlp.c_proj.bias", d)
    init.scale("transformer.ln_f.weight", d)
    init.bias("transformer.ln_f.bias", d)
    # lm_head.weight is transformer.wte.weight: not written.


def init_bloom(cfg, init):
    d, V = cfg["hidden_size"], cfg["vocab_size"]
    init.weight("transformer.word_embeddings.weight", V, d)
    init.scale("transformer.word_embeddings_layernorm.weight", d)
    init.bias("transformer.word_embeddings_layernorm.bias", d)
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        init.scale(p + "input_layernorm.weight", d)
        init.bias(p + "input_layernorm.bias", d)
        init.weight(p + "self_attention.query_key_value.weight", 3 * d, d)   # nn.Linear: [out, in]
        init.bias(p + "self_attention.query_key_value.bias", 3 * d)
        init.weight(p + "self_attention.dense.weight", d, d)
        init.bias(p + "self_attention.dense.bias", d)
        init.scale(p + "post_attention_layernorm.weight", d)
        init.bias(p + "post_attention_layernorm.bias", d)
        init.weight(p + "mlp.dense_h_to_4h.weight", 4 * d, d)
        init.bias(p + "mlp.dense_h_to_4h.bias", 4 * d)
        init.weight(p + "mlp.dense_4h_to_h.weight", d, 4 * d)
        init.bias(p + "mlp.dense_4h_to_h.bias", d)
    init.scale("transformer.ln_f.weight", d)
    init.bias("transformer.ln_f.bias", d)
    # lm_head.weight is transformer.word_embeddings.weight: not written.


def init_llama(cfg, init):
    d, inner, V = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    hd = llama_head_dim(cfg)
    q_out, kv_out = cfg["num_attention_heads"] * hd, cfg["num_key_value_heads"] * hd
    init.weight("model.embed_tokens.weight", V, d)
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        init.scale(p + "input_layernorm.weight", d)
        init.weight(p + "self_attn.q_proj.weight", q_out, d)
        init.weight(p + "self_attn.k_proj.weight", kv_out, d)
        init.weight(p + "self_attn.v_proj.weight", kv_out, d)
        init.weight(p + "self_attn.o_proj.weight", d, q_out)
        init.scale(p + "post_attention_layernorm.weight", d)
        init.weight(p + "mlp.gate_proj.weight", inner, d)
        init.weight(p + "mlp.up_proj.weight", inner, d)
        init.weight(p + "mlp.down_proj.weight", d, inner)
    init.scale("model.norm.weight", d)
    init.weight("lm_head.weight", V, d)


def init_bert(cfg, init):
    d, inner, V = cfg["hidden_size"], cfg["intermediate_size"], cfg["vocab_size"]
    e = "bert.embeddings."
    init.weight(e + "word_embeddings.weight", V, d)
    init.weight(e + "position_embeddings.weight", cfg["max_position_embeddings"], d)
    init.weight(e + "token_type_embeddings.weight", cfg["type_vocab_size"], d)
    init.scale(e + "LayerNorm.weight", d)
    init.bias(e + "LayerNorm.bias", d)
    for i in range(cfg["num_hidden_layers"]):
        p = f"bert.encoder.layer.{i}."
        for proj in ("query", "key", "value"):
            init.weight(p + f"attention.self.{proj}.weight", d, d)
            init.bias(p + f"attention.self.{proj}.bias", d)
        init.weight(p + "attention.output.dense.weight", d, d)
        init.bias(p + "attention.output.dense.bias", d)
        init.scale(p + "attention.output.LayerNorm.weight", d)
        init.bias(p + "attention.output.LayerNorm.bias", d)
        init.weight(p + "intermediate.dense.weight", inner, d)
        init.bias(p + "intermediate.dense.bias", inner)
        init.weight(p + "output.dense.weight", d, inner)
        init.bias(p + "output.dense.bias", d)
        init.scale(p + "output.LayerNorm.weight", d)
        init.bias(p + "output.LayerNorm.bias", d)
    init.weight("bert.pooler.dense.weight", d, d)
    init.bias("bert.pooler.dense.bias", d)
    init.weight("cls.predictions.transform.dense.weight", d, d)
    init.bias("cls.predictions.transform.dense.bias", d)
    init.scale("cls.predictions.transform.LayerNorm.weight", d)
    init.bias("cls.predictions.transform.LayerNorm.bias", d)
    init.bias("cls.predictions.bias", V)
    init.weight("cls.seq_relationship.weight", 2, d)
    init.bias("cls.seq_relationship.bias", 2)
    # cls.predictions.decoder.weight is bert.embeddings.word_embeddings.weight and
    # cls.predictions.decoder.bias is cls.predictions.bias: neither is written.


# ---------------------------------------------------------------------------------------------
# building blocks (float64)
# ---------------------------------------------------------------------------------------------

def layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdim=True)
    var = (x - mean).pow(2).mean(-1, keepdim=True)          # biased variance, as nn.LayerNorm
    return (x - mean) / torch.sqrt(var + eps) * weight + bias


def rms_norm(x, weight, eps):
    return weight * (x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps))


def gelu_new(x):
    # GPT-2's "gelu_new": the tanh approximation.
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * x.pow(3))))


def gelu_bloom(x):
    # modeling_bloom.bloom_gelu_forward: the tanh approximation with its rounded constant.
    return x * 0.5 * (1.0 + torch.tanh(0.79788456 * x * (1.0 + 0.044715 * x * x)))


def gelu_exact(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def silu(x):
    return x * torch.sigmoid(x)


ACTIVATIONS = {"gelu_new": gelu_new, "gelu_pytorch_tanh": gelu_new, "gelu": gelu_exact, "silu": silu}


def split_heads(x, heads):
    b, t, width = x.shape
    return x.view(b, t, heads, width // heads).transpose(1, 2)          # [B, H, T, hd]


def merge_heads(x):
    b, h, t, hd = x.shape
    return x.transpose(1, 2).reshape(b, t, h * hd)                     # head-major: h * hd + k


def allowed_keys(attention_mask, causal):
    """[B, 1, Tq, Tk] booleans: key is not padding and (if causal) not after the query."""
    t = attention_mask.shape[1]
    allowed = attention_mask.bool()[:, None, None, :].expand(-1, 1, t, t)
    if causal:
        allowed = allowed & torch.ones(t, t, dtype=torch.bool).tril()
    return allowed


def attend(q, k, v, allowed, bias=None):
    scores = q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1])
    if bias is not None:
        scores = scores + bias
    scores = scores.masked_fill(~allowed, float("-inf"))
    return torch.softmax(scores, dim=-1) @ v


def linear(x, weight, bias=None):
    """nn.Linear: weight is [out, in], y = x · Wᵀ + b."""
    y = x @ weight.T
    return y if bias is None else y + bias


def conv1d(x, weight, bias):
    """GPT-2's Conv1D: weight is [in, out], y = x · W + b."""
    return x @ weight + bias


# ---------------------------------------------------------------------------------------------
# forward passes (w: name -> float64 tensor)
# ---------------------------------------------------------------------------------------------

def gpt2_forward(cfg, w, input_ids, attention_mask):
    d, heads, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    act = ACTIVATIONS[cfg["activation_function"]]
    positions = torch.arange(input_ids.shape[1])
    h = w["transformer.wte.weight"][input_ids] + w["transformer.wpe.weight"][positions]
    allowed = allowed_keys(attention_mask, causal=True)
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        x = layer_norm(h, w[p + "ln_1.weight"], w[p + "ln_1.bias"], eps)
        qkv = conv1d(x, w[p + "attn.c_attn.weight"], w[p + "attn.c_attn.bias"])
        q, k, v = (split_heads(part, heads) for part in qkv.split(d, dim=-1))
        ctx = merge_heads(attend(q, k, v, allowed))
        h = h + conv1d(ctx, w[p + "attn.c_proj.weight"], w[p + "attn.c_proj.bias"])
        x = layer_norm(h, w[p + "ln_2.weight"], w[p + "ln_2.bias"], eps)
        m = act(conv1d(x, w[p + "mlp.c_fc.weight"], w[p + "mlp.c_fc.bias"]))
        h = h + conv1d(m, w[p + "mlp.c_proj.weight"], w[p + "mlp.c_proj.bias"])
    h = layer_norm(h, w["transformer.ln_f.weight"], w["transformer.ln_f.bias"], eps)
    return {"logits": h @ w["transformer.wte.weight"].T}


def alibi_slopes(heads):
    """modeling_bloom.build_alibi_tensor's slopes: 2^(-8 (h+1) / n) for the largest power of two
    n <= heads, then every other slope of the next power of two for the remaining heads."""
    closest = 2 ** math.floor(math.log2(heads))
    base = 2.0 ** (-(2.0 ** -(math.log2(closest) - 3)))
    slopes = [base ** power for power in range(1, closest + 1)]
    if closest != heads:
        extra = 2.0 ** (-(2.0 ** -(math.log2(2 * closest) - 3)))
        remaining = min(closest, heads - closest)
        slopes += [extra ** power for power in range(1, 1 + 2 * remaining, 2)]
    return torch.tensor(slopes, dtype=torch.float64)


def bloom_forward(cfg, w, input_ids, attention_mask):
    d, heads, eps = cfg["hidden_size"], cfg["n_head"], cfg["layer_norm_epsilon"]
    hd = d // heads
    b, t = input_ids.shape
    h = w["transformer.word_embeddings.weight"][input_ids]
    h = layer_norm(h, w["transformer.word_embeddings_layernorm.weight"],
                   w["transformer.word_embeddings_layernorm.bias"], eps)
    key_positions = ((attention_mask.cumsum(-1) - 1) * attention_mask).to(torch.float64)   # [B, T]
    alibi = alibi_slopes(heads)[None, :, None, None] * key_positions[:, None, None, :]      # [B, H, 1, T]
    allowed = allowed_keys(attention_mask, causal=True)
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        x = layer_norm(h, w[p + "input_layernorm.weight"], w[p + "input_layernorm.bias"], eps)
        fused = linear(x, w[p + "self_attention.query_key_value.weight"],
                       w[p + "self_attention.query_key_value.bias"])
        fused = fused.view(b, t, heads, 3, hd)                 # per head: q, k, v rows in turn
        q, k, v = (fused[:, :, :, j, :].transpose(1, 2) for j in range(3))
        ctx = merge_heads(attend(q, k, v, allowed, bias=alibi))
        h = h + linear(ctx, w[p + "self_attention.dense.weight"], w[p + "self_attention.dense.bias"])
        x = layer_norm(h, w[p + "post_attention_layernorm.weight"], w[p + "post_attention_layernorm.bias"], eps)
        m = gelu_bloom(linear(x, w[p + "mlp.dense_h_to_4h.weight"], w[p + "mlp.dense_h_to_4h.bias"]))
        h = h + linear(m, w[p + "mlp.dense_4h_to_h.weight"], w[p + "mlp.dense_4h_to_h.bias"])
    h = layer_norm(h, w["transformer.ln_f.weight"], w["transformer.ln_f.bias"], eps)
    return {"logits": h @ w["transformer.word_embeddings.weight"].T}


def llama_head_dim(cfg):
    return cfg.get("head_dim") or cfg["hidden_size"] // cfg["num_attention_heads"]


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


def llama_forward(cfg, w, input_ids, attention_mask):
    heads, kv_heads, eps = cfg["num_attention_heads"], cfg["num_key_value_heads"], cfg["rms_norm_eps"]
    act = ACTIVATIONS[cfg["hidden_act"]]
    hd = llama_head_dim(cfg)
    t = input_ids.shape[1]
    inv_freq = 1.0 / (cfg["rope_theta"] ** (torch.arange(0, hd, 2, dtype=torch.float64) / hd))
    angles = torch.arange(t, dtype=torch.float64)[:, None] * inv_freq[None, :]            # [T, hd/2]
    angles = torch.cat((angles, angles), dim=-1)                                          # [T, hd]
    cos, sin = angles.cos(), angles.sin()
    allowed = allowed_keys(attention_mask, causal=True)
    h = w["model.embed_tokens.weight"][input_ids]
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        x = rms_norm(h, w[p + "input_layernorm.weight"], eps)
        q = split_heads(linear(x, w[p + "self_attn.q_proj.weight"]), heads)
        k = split_heads(linear(x, w[p + "self_attn.k_proj.weight"]), kv_heads)
        v = split_heads(linear(x, w[p + "self_attn.v_proj.weight"]), kv_heads)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(heads // kv_heads, dim=1)
        v = v.repeat_interleave(heads // kv_heads, dim=1)
        ctx = merge_heads(attend(q, k, v, allowed))
        h = h + linear(ctx, w[p + "self_attn.o_proj.weight"])
        x = rms_norm(h, w[p + "post_attention_layernorm.weight"], eps)
        m = act(linear(x, w[p + "mlp.gate_proj.weight"])) * linear(x, w[p + "mlp.up_proj.weight"])
        h = h + linear(m, w[p + "mlp.down_proj.weight"])
    h = rms_norm(h, w["model.norm.weight"], eps)
    return {"logits": linear(h, w["lm_head.weight"])}


def bert_forward(cfg, w, input_ids, attention_mask, token_type_ids):
    heads, eps = cfg["num_attention_heads"], cfg["layer_norm_eps"]
    act = ACTIVATIONS[cfg["hidden_act"]]
    e = "bert.embeddings."
    positions = torch.arange(input_ids.shape[1])
    h = (w[e + "word_embeddings.weight"][input_ids] + w[e + "token_type_embeddings.weight"][token_type_ids]
         + w[e + "position_embeddings.weight"][positions])
    h = layer_norm(h, w[e + "LayerNorm.weight"], w[e + "LayerNorm.bias"], eps)
    allowed = allowed_keys(attention_mask, causal=False)
    for i in range(cfg["num_hidden_layers"]):
        p = f"bert.encoder.layer.{i}."
        q, k, v = (split_heads(linear(h, w[p + f"attention.self.{n}.weight"], w[p + f"attention.self.{n}.bias"]), heads)
                   for n in ("query", "key", "value"))
        ctx = merge_heads(attend(q, k, v, allowed))
        a = linear(ctx, w[p + "attention.output.dense.weight"], w[p + "attention.output.dense.bias"])
        h = layer_norm(a + h, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"], eps)
        m = act(linear(h, w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"]))
        o = linear(m, w[p + "output.dense.weight"], w[p + "output.dense.bias"])
        h = layer_norm(o + h, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"], eps)
    pooled = torch.tanh(linear(h[:, 0], w["bert.pooler.dense.weight"], w["bert.pooler.dense.bias"]))
    x = act(linear(h, w["cls.predictions.transform.dense.weight"], w["cls.predictions.transform.dense.bias"]))
    x = layer_norm(x, w["cls.predictions.transform.LayerNorm.weight"], w["cls.predictions.transform.LayerNorm.bias"], eps)
    return {
        "prediction_logits": x @ w[e + "word_embeddings.weight"].T + w["cls.predictions.bias"],
        "seq_relationship_logits": linear(pooled, w["cls.seq_relationship.weight"], w["cls.seq_relationship.bias"]),
    }


INITS = {"gpt2": init_gpt2, "bloom": init_bloom, "llama": init_llama, "bert": init_bert}
FORWARDS = {"gpt2": gpt2_forward, "bloom": bloom_forward, "llama": llama_forward, "bert": bert_forward}


# ---------------------------------------------------------------------------------------------
# fixtures
# ---------------------------------------------------------------------------------------------

def family_seed(family):
    return SEED + FAMILIES.index(family)


def build_weights(family, cfg):
    init = Init(family_seed(family))
    INITS[model_type(family)](cfg, init)
    return init.tensors


def build_inputs(family, cfg):
    """input_ids [2, T] uniform over the vocabulary; row 0 all real, row 1 right-padded (last
    PADDED_TAIL positions masked, their ids still random); BERT adds two segments per row."""
    rng = np.random.RandomState(family_seed(family) + 1000)
    input_ids = torch.from_numpy(rng.randint(0, cfg["vocab_size"], size=(2, SEQ_LEN)).astype(np.int64))
    attention_mask = torch.ones(2, SEQ_LEN, dtype=torch.int64)
    attention_mask[1, SEQ_LEN - PADDED_TAIL:] = 0
    inputs = {"input_ids": input_ids, "attention_mask": attention_mask}
    if family == "bert":
        token_type_ids = torch.zeros(2, SEQ_LEN, dtype=torch.int64)
        token_type_ids[0, 5:] = 1                                   # segments 0..4 | 5..11
        token_type_ids[1, 4:SEQ_LEN - PADDED_TAIL] = 1              # segments 0..3 | 4..7, padding 0
        inputs["token_type_ids"] = token_type_ids
    return inputs


def run_forward(family, cfg, weights, inputs):
    w = {name: tensor.to(torch.float64) for name, tensor in weights.items()}
    args = [inputs["input_ids"], inputs["attention_mask"]]
    if family == "bert":
        args.append(inputs["token_type_ids"])
    with torch.no_grad():
        return FORWARDS[model_type(family)](cfg, w, *args)


def config_bytes(cfg):
    return (json.dumps(cfg, indent=2, sort_keys=True) + "\n").encode("utf-8")


def build_family(family):
    """Returns {file name: bytes} for one family's fixture directory."""
    cfg = make_config(family)
    weights = build_weights(family, cfg)
    inputs = build_inputs(family, cfg)
    outputs = run_forward(family, cfg, weights, inputs)
    reference = dict(inputs)
    reference.update({name: value.to(torch.float32) for name, value in outputs.items()})
    return {
        "config.json": config_bytes(cfg),
        "model.safetensors": safetensors_bytes(weights),
        "reference.safetensors": safetensors_bytes(reference),
    }


def write_all(out):
    for family in FAMILIES:
        directory = os.path.join(out, family)
        os.makedirs(directory, exist_ok=True)
        for name, data in build_family(family).items():
            with open(os.path.join(directory, name), "wb") as f:
                f.write(data)
        sizes = ", ".join(f"{name} {os.path.getsize(os.path.join(directory, name))} B"
                          for name in sorted(os.listdir(directory)))
        print(f"{family}: {sizes}")


# ---------------------------------------------------------------------------------------------
# a second forward pass built from torch.nn modules, for --check
# ---------------------------------------------------------------------------------------------

def _set(param, value):
    with torch.no_grad():
        param.copy_(value)


def _nn_layer_norm(d, weight, bias, eps):
    norm = torch.nn.LayerNorm(d, eps=eps, dtype=torch.float64)
    _set(norm.weight, weight)
    _set(norm.bias, bias)
    return norm


def _nn_linear(weight, bias=None):
    out_features, in_features = weight.shape
    layer = torch.nn.Linear(in_features, out_features, bias=bias is not None, dtype=torch.float64)
    _set(layer.weight, weight)
    if bias is not None:
        _set(layer.bias, bias)
    return layer


def _nn_encoder_layer(d, heads, inner, activation, eps, norm_first, in_w, in_b, out_w, out_b,
                      fc1_w, fc1_b, fc2_w, fc2_b, norm1, norm2):
    """nn.TransformerEncoderLayer with nn.Linear-layout ([out, in]) weights; train mode with zero
    dropout keeps torch on its plain (non fused) path."""
    layer = torch.nn.TransformerEncoderLayer(d, heads, dim_feedforward=inner, dropout=0.0, activation=activation,
                                             layer_norm_eps=eps, batch_first=True, norm_first=norm_first,
                                             dtype=torch.float64)
    _set(layer.self_attn.in_proj_weight, in_w)
    _set(layer.self_attn.in_proj_bias, in_b)
    _set(layer.self_attn.out_proj.weight, out_w)
    _set(layer.self_attn.out_proj.bias, out_b)
    _set(layer.linear1.weight, fc1_w)
    _set(layer.linear1.bias, fc1_b)
    _set(layer.linear2.weight, fc2_w)
    _set(layer.linear2.bias, fc2_b)
    for norm, (weight, bias) in ((layer.norm1, norm1), (layer.norm2, norm2)):
        _set(norm.weight, weight)
        _set(norm.bias, bias)
    return layer.train()


def _causal_float_mask(t):
    return torch.zeros(t, t, dtype=torch.float64).masked_fill(~torch.ones(t, t, dtype=torch.bool).tril(),
                                                              float("-inf"))


def _gelu_tanh_builtin(x):
    return F.gelu(x, approximate="tanh")


def gpt2_modules(cfg, w, input_ids, attention_mask):
    d, heads, eps = cfg["n_embd"], cfg["n_head"], cfg["layer_norm_epsilon"]
    t = input_ids.shape[1]
    h = F.embedding(input_ids, w["transformer.wte.weight"]) + w["transformer.wpe.weight"][:t]
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        layer = _nn_encoder_layer(
            d, heads, w[p + "mlp.c_fc.weight"].shape[1], _gelu_tanh_builtin, eps, True,
            w[p + "attn.c_attn.weight"].T, w[p + "attn.c_attn.bias"],
            w[p + "attn.c_proj.weight"].T, w[p + "attn.c_proj.bias"],
            w[p + "mlp.c_fc.weight"].T, w[p + "mlp.c_fc.bias"],
            w[p + "mlp.c_proj.weight"].T, w[p + "mlp.c_proj.bias"],
            (w[p + "ln_1.weight"], w[p + "ln_1.bias"]), (w[p + "ln_2.weight"], w[p + "ln_2.bias"]))
        h = layer(h, src_mask=_causal_float_mask(t), src_key_padding_mask=attention_mask == 0)
    h = _nn_layer_norm(d, w["transformer.ln_f.weight"], w["transformer.ln_f.bias"], eps)(h)
    return {"logits": F.linear(h, w["transformer.wte.weight"])}


def bloom_modules(cfg, w, input_ids, attention_mask):
    d, heads, eps = cfg["hidden_size"], cfg["n_head"], cfg["layer_norm_epsilon"]
    hd = d // heads
    b, t = input_ids.shape
    h = F.embedding(input_ids, w["transformer.word_embeddings.weight"])
    h = _nn_layer_norm(d, w["transformer.word_embeddings_layernorm.weight"],
                       w["transformer.word_embeddings_layernorm.bias"], eps)(h)
    # ALiBi as a per-(batch, head) additive mask: slope_h * (distance of the key from the start),
    # with -inf on future and padded keys; torch orders the first axis batch-major.
    slopes = [2.0 ** (-8.0 * (j + 1) / heads) for j in range(heads)]          # heads is a power of two here
    key_pos = torch.arange(t, dtype=torch.float64)
    mask = torch.empty(b, heads, t, t, dtype=torch.float64)
    for bi in range(b):
        for hi in range(heads):
            for qi in range(t):
                for ki in range(t):
                    ok = ki <= qi and attention_mask[bi, ki] == 1
                    mask[bi, hi, qi, ki] = slopes[hi] * key_pos[ki] if ok else float("-inf")
    mask = mask.reshape(b * heads, t, t)
    for i in range(cfg["n_layer"]):
        p = f"transformer.h.{i}."
        qkv_w = w[p + "self_attention.query_key_value.weight"].view(heads, 3, hd, d).transpose(0, 1).reshape(3 * d, d)
        qkv_b = w[p + "self_attention.query_key_value.bias"].view(heads, 3, hd).transpose(0, 1).reshape(3 * d)
        layer = _nn_encoder_layer(
            d, heads, 4 * d, _gelu_tanh_builtin, eps, True, qkv_w, qkv_b,
            w[p + "self_attention.dense.weight"], w[p + "self_attention.dense.bias"],
            w[p + "mlp.dense_h_to_4h.weight"], w[p + "mlp.dense_h_to_4h.bias"],
            w[p + "mlp.dense_4h_to_h.weight"], w[p + "mlp.dense_4h_to_h.bias"],
            (w[p + "input_layernorm.weight"], w[p + "input_layernorm.bias"]),
            (w[p + "post_attention_layernorm.weight"], w[p + "post_attention_layernorm.bias"]))
        h = layer(h, src_mask=mask)
    h = _nn_layer_norm(d, w["transformer.ln_f.weight"], w["transformer.ln_f.bias"], eps)(h)
    return {"logits": F.linear(h, w["transformer.word_embeddings.weight"])}


def llama_modules(cfg, w, input_ids, attention_mask):
    d, heads, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["rms_norm_eps"]
    group = heads // cfg["num_key_value_heads"]
    hd = llama_head_dim(cfg)
    half = hd // 2
    b, t = input_ids.shape
    # Rotary as a complex rotation of the pairs (x[i], x[i + hd/2]) by position * theta^(-2i/hd).
    freq = torch.tensor([cfg["rope_theta"] ** (-2.0 * j / hd) for j in range(half)], dtype=torch.float64)
    phase = torch.polar(torch.ones(t, half, dtype=torch.float64), torch.arange(t, dtype=torch.float64)[:, None] * freq)

    def rotate(x):                                     # x: [B, T, H*hd]
        x = x.view(b, t, -1, hd)
        z = torch.complex(x[..., :half], x[..., half:]) * phase[None, :, None, :]
        return torch.cat((z.real, z.imag), dim=-1).reshape(b, t, -1)

    def rms(x, weight):
        return x / torch.sqrt((x * x).sum(-1, keepdim=True) / x.shape[-1] + eps) * weight

    pad = attention_mask == 0
    causal = _causal_float_mask(t)
    h = F.embedding(input_ids, w["model.embed_tokens.weight"])
    for i in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{i}."
        x = rms(h, w[p + "input_layernorm.weight"])
        q = rotate(x @ w[p + "self_attn.q_proj.weight"].T)
        # Each key/value head serves `group` query heads: repeat it for them, in order.
        k = rotate(x @ w[p + "self_attn.k_proj.weight"].T).view(b, t, -1, hd).repeat_interleave(group, dim=2).reshape(b, t, -1)
        v = (x @ w[p + "self_attn.v_proj.weight"].T).view(b, t, -1, hd).repeat_interleave(group, dim=2).reshape(b, t, -1)
        mha = torch.nn.MultiheadAttention(heads * hd, heads, bias=False, batch_first=True, dtype=torch.float64)
        _set(mha.in_proj_weight, torch.eye(heads * hd, dtype=torch.float64).repeat(3, 1))
        _set(mha.out_proj.weight, w[p + "self_attn.o_proj.weight"])
        h = h + mha(q, k, v, key_padding_mask=pad, attn_mask=causal, need_weights=False)[0]
        x = rms(h, w[p + "post_attention_layernorm.weight"])
        gate = _nn_linear(w[p + "mlp.gate_proj.weight"])(x)
        up = _nn_linear(w[p + "mlp.up_proj.weight"])(x)
        h = h + _nn_linear(w[p + "mlp.down_proj.weight"])(F.silu(gate) * up)
    return {"logits": _nn_linear(w["lm_head.weight"])(rms(h, w["model.norm.weight"]))}


def bert_modules(cfg, w, input_ids, attention_mask, token_type_ids):
    d, heads, eps = cfg["hidden_size"], cfg["num_attention_heads"], cfg["layer_norm_eps"]
    e = "bert.embeddings."
    t = input_ids.shape[1]
    h = (F.embedding(input_ids, w[e + "word_embeddings.weight"]) + F.embedding(token_type_ids, w[e + "token_type_embeddings.weight"])
         + w[e + "position_embeddings.weight"][:t])
    h = _nn_layer_norm(d, w[e + "LayerNorm.weight"], w[e + "LayerNorm.bias"], eps)(h)
    for i in range(cfg["num_hidden_layers"]):
        p = f"bert.encoder.layer.{i}."
        names = ("query", "key", "value")
        layer = _nn_encoder_layer(
            d, heads, cfg["intermediate_size"], F.gelu, eps, False,
            torch.cat([w[p + f"attention.self.{n}.weight"] for n in names]),
            torch.cat([w[p + f"attention.self.{n}.bias"] for n in names]),
            w[p + "attention.output.dense.weight"], w[p + "attention.output.dense.bias"],
            w[p + "intermediate.dense.weight"], w[p + "intermediate.dense.bias"],
            w[p + "output.dense.weight"], w[p + "output.dense.bias"],
            (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
            (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]))
        h = layer(h, src_key_padding_mask=attention_mask == 0)
    pooled = torch.tanh(_nn_linear(w["bert.pooler.dense.weight"], w["bert.pooler.dense.bias"])(h[:, 0]))
    x = F.gelu(_nn_linear(w["cls.predictions.transform.dense.weight"], w["cls.predictions.transform.dense.bias"])(h))
    x = _nn_layer_norm(d, w["cls.predictions.transform.LayerNorm.weight"],
                       w["cls.predictions.transform.LayerNorm.bias"], eps)(x)
    decoder = _nn_linear(w[e + "word_embeddings.weight"], w["cls.predictions.bias"])
    seq = _nn_linear(w["cls.seq_relationship.weight"], w["cls.seq_relationship.bias"])
    return {"prediction_logits": decoder(x), "seq_relationship_logits": seq(pooled)}


MODULE_FORWARDS = {"gpt2": gpt2_modules, "bloom": bloom_modules, "llama": llama_modules, "bert": bert_modules}


def run_modules(family, cfg, weights, inputs):
    w = {name: tensor.to(torch.float64) for name, tensor in weights.items()}
    args = [inputs["input_ids"], inputs["attention_mask"]]
    if family == "bert":
        args.append(inputs["token_type_ids"])
    with torch.no_grad():
        return MODULE_FORWARDS[model_type(family)](cfg, w, *args)


# ---------------------------------------------------------------------------------------------
# --check
# ---------------------------------------------------------------------------------------------

def max_abs(a, b):
    return float((a.to(torch.float64) - b.to(torch.float64)).abs().max())


def check_family(out, family):
    directory = os.path.join(out, family)
    with open(os.path.join(directory, "config.json"), "rb") as f:
        cfg_bytes = f.read()
    cfg = json.loads(cfg_bytes)
    assert cfg_bytes == config_bytes(make_config(family)), f"{family}: config.json differs from a fresh build"

    weights, meta = read_safetensors(os.path.join(directory, "model.safetensors"))
    assert meta == {"format": "pt"}, meta
    fresh = build_weights(family, cfg)
    assert sorted(weights) == sorted(fresh), f"{family}: tensor names differ: {sorted(set(weights) ^ set(fresh))}"
    for name, tensor in fresh.items():
        assert weights[name].dtype == torch.float32 and tuple(weights[name].shape) == tuple(tensor.shape), name
        assert torch.equal(weights[name], tensor), f"{family}: {name} differs from a fresh build"

    reference, meta = read_safetensors(os.path.join(directory, "reference.safetensors"))
    assert meta == {"format": "pt"}, meta
    inputs = {name: reference[name] for name in ("input_ids", "attention_mask", "token_type_ids") if name in reference}
    fresh_inputs = build_inputs(family, cfg)
    assert sorted(inputs) == sorted(fresh_inputs)
    for name, tensor in fresh_inputs.items():
        assert inputs[name].dtype == torch.int64 and torch.equal(inputs[name], tensor), name

    # Outputs recomputed from the weights as read back, against the stored outputs.
    outputs = run_forward(family, cfg, weights, inputs)
    assert sorted(outputs) == sorted(set(reference) - set(inputs)), f"{family}: output names"
    worst = 0.0
    for name, value in outputs.items():
        assert reference[name].dtype == torch.float32 and reference[name].shape == value.shape, name
        diff = max_abs(value.to(torch.float32), reference[name])
        assert diff <= 1e-6, f"{family}: {name} recomputed differs by {diff}"
        worst = max(worst, diff)
    if family == "bert":
        assert outputs["seq_relationship_logits"].shape == (2, 2)
    main = outputs["prediction_logits" if family == "bert" else "logits"]
    assert main.shape == (2, SEQ_LEN, cfg["vocab_size"])

    # The same model assembled from torch.nn modules (TransformerEncoderLayer, MultiheadAttention,
    # LayerNorm, F.gelu) must agree at every position.
    second = run_modules(family, cfg, weights, inputs)
    agree = max(max_abs(outputs[name], second[name]) for name in outputs)
    assert agree < 1e-8, f"{family}: the torch.nn assembly differs by {agree}"

    # Every stored tensor matters: a 1% nudge to any one of them moves the compared outputs
    # (the real positions) by well over the import tests' 1e-4. The one exception is an attention
    # key bias, which adds the same q·b to every score of a query and so cancels in the softmax
    # (BERT stores it on its own; GPT-2's and BLOOM's sit inside the fused QKV bias).
    real_rows = inputs["attention_mask"].bool()
    weakest = (math.inf, None)
    for name in sorted(weights):
        if name.endswith("attention.self.key.bias"):
            continue
        nudged = dict(weights)
        direction = torch.from_numpy(np.random.RandomState(7).standard_normal(weights[name].shape).astype(np.float32))
        nudged[name] = weights[name] + 0.01 * weights[name].abs().mean() * direction
        moved = run_forward(family, cfg, nudged, inputs)
        shift = max(max_abs(outputs[n][real_rows], moved[n][real_rows]) if outputs[n].dim() == 3
                    else max_abs(outputs[n], moved[n]) for n in outputs)
        weakest = min(weakest, (shift, name))
    assert weakest[0] > 1e-3, f"{family}: {weakest[1]} moves the outputs by only {weakest[0]}"

    # Masking invariants: padded ids must not reach real positions; causal models must not look ahead.
    real = SEQ_LEN - PADDED_TAIL
    changed = {name: tensor.clone() for name, tensor in inputs.items()}
    changed["input_ids"][1, real:] = (changed["input_ids"][1, real:] + 7) % cfg["vocab_size"]
    if family == "bert":
        changed["token_type_ids"][1, real:] = 1
    other = run_forward(family, cfg, weights, changed)
    for name, value in outputs.items():
        if value.dim() == 3:
            diff = max_abs(value[1, :real], other[name][1, :real])
        else:
            diff = max_abs(value[1], other[name][1])
        assert diff < 1e-12, f"{family}: padded ids changed {name} at real positions by {diff}"
    if family != "bert":
        changed = {name: tensor.clone() for name, tensor in inputs.items()}
        changed["input_ids"][0, -1] = (changed["input_ids"][0, -1] + 1) % cfg["vocab_size"]
        other = run_forward(family, cfg, weights, changed)
        assert max_abs(outputs["logits"][0, :-1], other["logits"][0, :-1]) < 1e-12, f"{family}: looks ahead"
        assert max_abs(outputs["logits"][0, -1], other["logits"][0, -1]) > 1e-3, f"{family}: last token ignored"
    print(f"{family}: ok ({len(weights)} tensors, outputs {', '.join(f'{n} {list(v.shape)}' for n, v in outputs.items())},"
          f" |max| {float(main.abs().max()):.3f}, recomputed within {worst:.1e}, torch.nn assembly within {agree:.1e}, weakest tensor moves them {weakest[0]:.1e})")


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default="model/src/test/resources/checkpoints",
                        help="directory holding one folder per family")
    parser.add_argument("--check", action="store_true", help="verify the files under --out instead of writing")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    if args.check:
        for family in FAMILIES:
            check_family(args.out, family)
    else:
        write_all(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
