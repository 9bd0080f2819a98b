// Trains Hugging Face's byte-level BPE (its Rust trainer, through the official Node binding) on a
// text file, one sequence per line, and saves tokenizer.json: node hf-train.js CORPUS OUT.json
const hf = require('tokenizers');
const tokenizer = new hf.Tokenizer(hf.BPE.empty());
tokenizer.setPreTokenizer(hf.byteLevelPreTokenizer(false, true));
tokenizer.train([process.argv[2]]);
tokenizer.save(process.argv[3]);
