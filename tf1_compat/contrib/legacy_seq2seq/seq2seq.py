"""TF 1.15's `legacy_seq2seq`: statically unrolled encoder-decoder models.

Every model here works on Python lists of per-step tensors (`[batch, depth]`
floats, or `[batch]` int32 ids for the `embedding_*` models) and unrolls the
encoder with `tf.compat.v1.nn.static_rnn` and the decoder with a Python loop, as
TF 1.15 did. Scopes, variable names, defaults and initializers are TF 1.15's, so
checkpoints these models wrote under TF 1.2-1.15 (the `kernel`/`bias` names;
older ones need TF's `checkpoint_convert`) restore:

* `embedding_attention_seq2seq/rnn/embedding_wrapper/embedding` and
  `.../embedding_wrapper/<cell>/...` (the encoder, a deep copy of `cell`);
* `embedding_attention_seq2seq/embedding_attention_decoder/embedding`;
* `.../embedding_attention_decoder/attention_decoder/` holding `AttnW_<h>`
  `[1, 1, attn_size, attn_size]`, `AttnV_<h>` `[attn_size]`, the input
  projection `kernel`/`bias`, the cell (`output_projection_wrapper/<cell>/...`
  unless an `output_projection` is given), `Attention_<h>/{kernel,bias}` and
  `AttnOutputProjection/{kernel,bias}`;
* `embedding_rnn_seq2seq/embedding_rnn_decoder/rnn_decoder/<cell>/...`,
  `combined_tied_rnn_seq2seq/tied_rnn_seq2seq/<cell>/...`,
  `one2many_rnn_seq2seq/one2many_decoder_<name>/embedding_rnn_decoder/...`.

Quirks kept on purpose: the `*_seq2seq` models that need two cells deep-copy
`cell` for the encoder, so `cell` must not have been called yet (TF1 failed with
"can't pickle" there; this module says why); with a tensor `feed_previous` both
decoders are built under `tf.cond`, the second reusing the first's variables,
and (except in `one2many_rnn_seq2seq`) the fed-back embeddings get no gradient;
`sequence_loss_by_example` averages over `sum(weights) + 1e-12`, so all-zero
weights give a zero loss.
"""

import copy

import tensorflow as tf

from tf1_compat.contrib.rnn import projection_wrappers
from tf1_compat.rnn import base

_V1 = tf.compat.v1

# Checkpoint-visible names, as TF 1.15 spelt them.
EMBEDDING_NAME = "embedding"
ATTENTION_W_NAME = "AttnW_%d"
ATTENTION_V_NAME = "AttnV_%d"
ATTENTION_SCOPE = "Attention_%d"
ATTENTION_OUTPUT_SCOPE = "AttnOutputProjection"
LOOP_FUNCTION_SCOPE = "loop_function"
ONE2MANY_DECODER_SCOPE = "one2many_decoder_"

# Added to the summed weights so that all-zero weights do not divide by zero.
_LOSS_EPSILON = 1e-12


def _linear(args, output_size):
  """`concat(args, 1) @ kernel + bias`, with TF 1.15 `core_rnn_cell._Linear`'s
  variables in the current variable scope.

  `kernel` `[sum of depths, output_size]` takes the scope's initializer (else
  Glorot-uniform) and partitioner; `bias` `[output_size]` is always zeros and
  never partitioned. Both take the dtype of `args[0]`. In a reusing scope they
  are fetched, not created.

  Args:
    args: A `[batch, depth]` tensor or a non-empty list of them.
    output_size: The output depth.

  Raises:
    ValueError: `args` is empty, or an argument is not 2-D with a known depth.
  """
  if args is None or (tf.nest.is_nested(args) and not args):
    raise ValueError("_linear: `args` must be a tensor or a non-empty list of "
                     "tensors, got %r" % (args,))
  if not tf.nest.is_nested(args):
    args = [args]
  total_depth = 0
  for arg in args:
    if arg.shape.rank != 2:
      raise ValueError("_linear: expected 2-D `[batch, depth]` arguments, got "
                       "shapes %s" % [a.shape for a in args])
    depth = tf.compat.dimension_value(arg.shape[1])
    if depth is None:
      raise ValueError("_linear: the depth (shape[1]) of every argument must be "
                       "known, got shapes %s" % [a.shape for a in args])
    total_depth += depth
  dtype = args[0].dtype
  with _V1.variable_scope(_V1.get_variable_scope()) as outer_scope:
    kernel = _V1.get_variable(base.WEIGHTS_NAME, [total_depth, output_size],
                              dtype=dtype)
    with _V1.variable_scope(outer_scope) as bias_scope:
      bias_scope.set_partitioner(None)
      bias = _V1.get_variable(
          base.BIAS_NAME, [output_size], dtype=dtype,
          initializer=_V1.zeros_initializer())
  inputs = args[0] if len(args) == 1 else tf.concat(args, 1)
  return tf.nn.bias_add(tf.matmul(inputs, kernel), bias)


def _check_cell(function, name, cell):
  """TypeError unless `cell` has the TF1 cell contract."""
  try:
    base.assert_like_rnncell(name, cell)
  except TypeError as error:
    raise TypeError("%s: %s" % (function, error)) from None


def _copy_cell(function, cell):
  """A fresh copy of a not-yet-called `cell` for the encoder, as TF 1.15 made."""
  problem = None
  if getattr(cell, "built", False):
    problem = "it was called already, so the copy would carry its built state"
  else:
    try:
      return copy.deepcopy(cell)
    except (TypeError, NotImplementedError) as error:
      problem = "copying it failed with: %s" % error
  raise TypeError(
      "%s deep-copies `cell` for its encoder, so the cell must not hold graph "
      "tensors yet: pass a cell that has not been called (for "
      "model_with_buckets, create the cell inside the seq2seq function, one "
      "per bucket). %r: %s" % (function, cell, problem))


def _check_projection(function, output_projection, num_symbols, dtype,
                      check_weights=True):
  """Converts `output_projection` = `(W, B)` and checks `B` (and `W`) shapes."""
  weights, biases = output_projection
  weights = tf.convert_to_tensor(weights, dtype=dtype)
  biases = tf.convert_to_tensor(biases, dtype=dtype)
  if check_weights and not weights.shape.is_compatible_with([None, num_symbols]):
    raise ValueError(
        "%s: output_projection[0] (W) must have shape [output_size, %d] "
        "(num_symbols=%d), got %s" % (function, num_symbols, num_symbols,
                                      weights.shape))
  if not biases.shape.is_compatible_with([num_symbols]):
    raise ValueError(
        "%s: output_projection[1] (B) must have shape [%d] (num_symbols=%d), "
        "got %s" % (function, num_symbols, num_symbols, biases.shape))
  return weights, biases


def _cond_decoders(feed_previous, decoder, num_outputs, state_structure):
  """`tf.cond(feed_previous, decoder(True), decoder(False))` for lists.

  `decoder(flag)` returns `(outputs, state)`; the cond carries the outputs and the
  flattened state, which is packed back like `state_structure`.
  """
  def branch(flag):
    outputs, state = decoder(flag)
    return list(outputs) + tf.nest.flatten(state)

  flat = _V1.cond(feed_previous, lambda: branch(True), lambda: branch(False))
  outputs, state_list = list(flat[:num_outputs]), list(flat[num_outputs:])
  if tf.nest.is_nested(state_structure):
    return outputs, tf.nest.pack_sequence_as(state_structure, state_list)
  return outputs, state_list[0]


def _decode(feed_previous, decoder, num_outputs, state_structure,
            freeze_fed_back=True):
  """Runs `decoder(flag)` for `feed_previous`, a Python bool or a bool tensor.

  For a tensor, both decoders are built under `tf.cond`, the second reusing the
  first's variables; with `freeze_fed_back` they are called with
  `update_embedding=False`, so that (as in TF 1.15) the embeddings of fed-back
  outputs get no gradient there.
  """
  if isinstance(feed_previous, bool):
    return decoder(feed_previous)

  def reusing_decoder(flag):
    with _V1.variable_scope(_V1.get_variable_scope(),
                            reuse=None if flag else True):
      if freeze_fed_back:
        return decoder(flag, update_embedding=False)
      return decoder(flag)

  return _cond_decoders(feed_previous, reusing_decoder, num_outputs,
                        state_structure)


def _extract_argmax_and_embed(embedding, output_projection=None,
                              update_embedding=True):
  """A `loop_function` feeding back the embedding of the previous argmax.

  Args:
    embedding: The `[num_symbols, embedding_size]` embedding matrix.
    output_projection: None, or `(W, B)`: the previous output is first mapped
      to logits with `prev @ W + B`.
    update_embedding: If False, no gradient flows into `embedding` through the
      fed-back inputs (the argmax itself never has one).

  Returns:
    `loop_function(prev, i)` -> `[batch, embedding_size]`.
  """
  def loop_function(prev, _):
    if output_projection is not None:
      prev = _V1.nn.xw_plus_b(prev, output_projection[0], output_projection[1])
    symbols = tf.argmax(prev, 1)
    embedded = tf.nn.embedding_lookup(embedding, symbols)
    if not update_embedding:
      embedded = tf.stop_gradient(embedded)
    return embedded

  return loop_function


def rnn_decoder(decoder_inputs, initial_state, cell, loop_function=None,
                scope=None):
  """Runs `cell` over `decoder_inputs` from `initial_state`.

  The cell's variables live under `<scope>/<cell scope>` (`rnn_decoder/gru_cell/
  ...` by default); after step 0 the scope is set to reuse. With
  `loop_function`, step `i > 0` ignores `decoder_inputs[i]` and takes
  `loop_function(outputs[i - 1], i)` instead, called under a reusing
  `loop_function` scope.

  Args:
    decoder_inputs: A list (or iterable) of `[batch, input_size]` tensors.
    initial_state: The cell's initial state.
    cell: An RNN cell.
    loop_function: None, or `(prev, i) -> next input`.
    scope: Variable scope name or object; defaults to `"rnn_decoder"`.

  Returns:
    `(outputs, state)`: a list of `[batch, cell.output_size]` tensors, one per
    input, and the final state.

  Raises:
    TypeError: `cell` is not an RNN cell.
  """
  _check_cell("rnn_decoder", "cell", cell)
  with _V1.variable_scope(scope or "rnn_decoder"):
    state = initial_state
    outputs = []
    prev = None
    for i, inp in enumerate(decoder_inputs):
      if loop_function is not None and prev is not None:
        with _V1.variable_scope(LOOP_FUNCTION_SCOPE, reuse=True):
          inp = loop_function(prev, i)
      if i > 0:
        _V1.get_variable_scope().reuse_variables()
      output, state = cell(inp, state)
      outputs.append(output)
      if loop_function is not None:
        prev = output
  return outputs, state


def basic_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, dtype=tf.float32,
                      scope=None):
  """Encodes with a copy of `cell`, then decodes from its final state.

  Encoder and decoder have the same architecture but separate weights:
  `basic_rnn_seq2seq/rnn/<cell>/...` (a deep copy of `cell`, which must not
  have been called) and `basic_rnn_seq2seq/rnn_decoder/<cell>/...`.

  Args:
    encoder_inputs: A list of `[batch, input_size]` tensors.
    decoder_inputs: A list of `[batch, input_size]` tensors.
    cell: An RNN cell, not called yet.
    dtype: The dtype of the encoder's initial (zero) state.
    scope: Variable scope; defaults to `"basic_rnn_seq2seq"`.

  Returns:
    `(outputs, state)` of the decoder (see `rnn_decoder`).

  Raises:
    TypeError: `cell` is not an RNN cell, or has already been called.
  """
  _check_cell("basic_rnn_seq2seq", "cell", cell)
  with _V1.variable_scope(scope or "basic_rnn_seq2seq"):
    encoder_cell = _copy_cell("basic_rnn_seq2seq", cell)
    _, encoder_state = _V1.nn.static_rnn(encoder_cell, encoder_inputs,
                                         dtype=dtype)
    return rnn_decoder(decoder_inputs, encoder_state, cell)


def tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell, loop_function=None,
                     dtype=tf.float32, scope=None):
  """Like `basic_rnn_seq2seq`, but encoder and decoder share `cell`'s weights.

  Both run in `combined_tied_rnn_seq2seq/<scope>`, so the variables are
  `combined_tied_rnn_seq2seq/tied_rnn_seq2seq/<cell>/...`; the outer name is
  fixed and `scope` names only the inner level, as in TF 1.15.

  Args:
    encoder_inputs: A list of `[batch, input_size]` tensors.
    decoder_inputs: A list of `[batch, input_size]` tensors.
    cell: An RNN cell.
    loop_function: None, or the decoder's `(prev, i) -> next input`.
    dtype: The dtype of the encoder's initial (zero) state.
    scope: The inner scope name; defaults to `"tied_rnn_seq2seq"`.

  Returns:
    `(outputs, state)` of the decoder.

  Raises:
    TypeError: `cell` is not an RNN cell.
  """
  _check_cell("tied_rnn_seq2seq", "cell", cell)
  with _V1.variable_scope("combined_tied_rnn_seq2seq"):
    scope = scope or "tied_rnn_seq2seq"
    _, encoder_state = _V1.nn.static_rnn(cell, encoder_inputs, dtype=dtype,
                                         scope=scope)
    _V1.get_variable_scope().reuse_variables()
    return rnn_decoder(decoder_inputs, encoder_state, cell,
                       loop_function=loop_function, scope=scope)


def embedding_rnn_decoder(decoder_inputs, initial_state, cell, num_symbols,
                          embedding_size, output_projection=None,
                          feed_previous=False,
                          update_embedding_for_previous=True, scope=None):
  """`rnn_decoder` on embedded ids, optionally feeding back its own argmax.

  The matrix `<scope>/embedding` `[num_symbols, embedding_size]` takes the
  scope's initializer (else Glorot-uniform); the cell runs in
  `<scope>/rnn_decoder`.

  Args:
    decoder_inputs: A list of `[batch]` int32 id tensors; with
      `feed_previous`, only the first ("GO") is used.
    initial_state: The cell's initial state.
    cell: An RNN cell.
    num_symbols: Number of ids in the embedding.
    embedding_size: Embedding depth.
    output_projection: None, or `(W, B)` with `W` `[cell.output_size,
      num_symbols]` and `B` `[num_symbols]`, applied to outputs before the
      argmax when feeding back (the returned outputs stay unprojected).
    feed_previous: A Python bool: if True, step `i > 0` is fed
      `embedding[argmax(outputs[i - 1])]` (greedy decoding).
    update_embedding_for_previous: If False (and `feed_previous`), the fed-back
      embeddings pass no gradient; only the "GO" embedding is trained.
    scope: Variable scope; defaults to `"embedding_rnn_decoder"`.

  Returns:
    `(outputs, state)`: outputs are `[batch, cell.output_size]`.

  Raises:
    TypeError: `cell` is not an RNN cell.
    ValueError: `output_projection` has the wrong shape.
  """
  _check_cell("embedding_rnn_decoder", "cell", cell)
  with _V1.variable_scope(scope or "embedding_rnn_decoder") as scope:
    if output_projection is not None:
      output_projection = _check_projection(
          "embedding_rnn_decoder", output_projection, num_symbols, scope.dtype)
    embedding = _V1.get_variable(EMBEDDING_NAME, [num_symbols, embedding_size])
    loop_function = (
        _extract_argmax_and_embed(embedding, output_projection,
                                  update_embedding_for_previous)
        if feed_previous else None)
    embedded = (tf.nn.embedding_lookup(embedding, ids) for ids in decoder_inputs)
    return rnn_decoder(embedded, initial_state, cell,
                       loop_function=loop_function)


def embedding_rnn_seq2seq(encoder_inputs, decoder_inputs, cell,
                          num_encoder_symbols, num_decoder_symbols,
                          embedding_size, output_projection=None,
                          feed_previous=False, dtype=None, scope=None):
  """An embedding encoder and an `embedding_rnn_decoder`, without attention.

  The encoder is `EmbeddingWrapper(deepcopy(cell))`
  (`<scope>/rnn/embedding_wrapper/...`); the decoder runs `cell`, wrapped in an
  `OutputProjectionWrapper(cell, num_decoder_symbols)` unless
  `output_projection` is given, under `<scope>/embedding_rnn_decoder`.

  Args:
    encoder_inputs: A list of `[batch]` int32 id tensors.
    decoder_inputs: A list of `[batch]` int32 id tensors.
    cell: An RNN cell, not called yet.
    num_encoder_symbols: Encoder vocabulary size.
    num_decoder_symbols: Decoder vocabulary size.
    embedding_size: Depth of both embeddings.
    output_projection: None, or `(W, B)` (see `embedding_rnn_decoder`); then
      the outputs are `[batch, cell.output_size]`.
    feed_previous: A Python bool, or a scalar bool tensor choosing at run time
      between the two decoders (built under `tf.cond`, sharing variables; the
      fed-back embeddings then get no gradient).
    dtype: Dtype of the initial state and of the scope (default: the enclosing
      scope's, float32).
    scope: Variable scope; defaults to `"embedding_rnn_seq2seq"`.

  Returns:
    `(outputs, state)`: `[batch, num_decoder_symbols]` logits per step (or
    unprojected outputs) and the final decoder state.

  Raises:
    TypeError: `cell` is not an RNN cell, or has already been called.
  """
  name = "embedding_rnn_seq2seq"
  _check_cell(name, "cell", cell)
  with _V1.variable_scope(scope or name) as scope:
    if dtype is not None:
      scope.set_dtype(dtype)
    else:
      dtype = scope.dtype
    encoder_cell = projection_wrappers.EmbeddingWrapper(
        _copy_cell(name, cell), embedding_classes=num_encoder_symbols,
        embedding_size=embedding_size)
    _, encoder_state = _V1.nn.static_rnn(encoder_cell, encoder_inputs,
                                         dtype=dtype)
    if output_projection is None:
      cell = projection_wrappers.OutputProjectionWrapper(cell,
                                                         num_decoder_symbols)

    def decoder(feed_previous_bool, update_embedding=True):
      return embedding_rnn_decoder(
          decoder_inputs, encoder_state, cell, num_decoder_symbols,
          embedding_size, output_projection=output_projection,
          feed_previous=feed_previous_bool,
          update_embedding_for_previous=update_embedding)

    return _decode(feed_previous, decoder, len(decoder_inputs), encoder_state)


def embedding_tied_rnn_seq2seq(encoder_inputs, decoder_inputs, cell,
                               num_symbols, embedding_size,
                               num_decoder_symbols=None,
                               output_projection=None, feed_previous=False,
                               dtype=None, scope=None):
  """`tied_rnn_seq2seq` on one shared embedding of encoder and decoder ids.

  Variables: `<scope>/embedding` `[num_symbols, embedding_size]` and
  `<scope>/combined_tied_rnn_seq2seq/tied_rnn_seq2seq/<cell>/...`, where the
  cell is wrapped in an `OutputProjectionWrapper` to `num_decoder_symbols` (or
  `num_symbols`) unless `output_projection` is given.

  Args:
    encoder_inputs: A list of `[batch]` int32 id tensors.
    decoder_inputs: A list of `[batch]` int32 id tensors.
    cell: An RNN cell.
    num_symbols: Vocabulary size of the shared embedding.
    embedding_size: Embedding depth.
    num_decoder_symbols: If set, the decoder predicts only ids
      `0..num_decoder_symbols - 1`.
    output_projection: None, or `(W, B)` with `W` `[cell.output_size,
      num_symbols]`, `B` `[num_symbols]`.
    feed_previous: A Python bool, or a scalar bool tensor (see
      `embedding_rnn_seq2seq`; with a tensor the encoder too is built in both
      `tf.cond` branches).
    dtype: Dtype of the scope and the initial state.
    scope: Variable scope; defaults to `"embedding_tied_rnn_seq2seq"`.

  Returns:
    `(outputs, state)`.

  Raises:
    TypeError: `cell` is not an RNN cell.
    ValueError: `output_projection` has the wrong shape.
  """
  name = "embedding_tied_rnn_seq2seq"
  _check_cell(name, "cell", cell)
  with _V1.variable_scope(scope or name, dtype=dtype) as scope:
    dtype = scope.dtype
    if output_projection is not None:
      output_projection = _check_projection(name, output_projection,
                                            num_symbols, dtype)
    embedding = _V1.get_variable(EMBEDDING_NAME, [num_symbols, embedding_size],
                                 dtype=dtype)
    embedded_encoder_inputs = [tf.nn.embedding_lookup(embedding, ids)
                               for ids in encoder_inputs]
    embedded_decoder_inputs = [tf.nn.embedding_lookup(embedding, ids)
                               for ids in decoder_inputs]
    if output_projection is None:
      output_symbols = (num_symbols if num_decoder_symbols is None
                        else num_decoder_symbols)
      cell = projection_wrappers.OutputProjectionWrapper(cell, output_symbols)

    def decoder(feed_previous_bool, update_embedding=True):
      loop_function = (
          _extract_argmax_and_embed(embedding, output_projection,
                                    update_embedding)
          if feed_previous_bool else None)
      return tied_rnn_seq2seq(embedded_encoder_inputs, embedded_decoder_inputs,
                              cell, loop_function=loop_function, dtype=dtype)

    return _decode(feed_previous, decoder, len(decoder_inputs), cell.state_size)


def attention_decoder(decoder_inputs, initial_state, attention_states, cell,
                      output_size=None, num_heads=1, loop_function=None,
                      dtype=None, scope=None, initial_state_attention=False):
  """An RNN decoder reading `attention_states` with `num_heads` attention heads.

  Each step `i` (Bahdanau-style additive attention, as in TF 1.15):

      x = linear([input_i] + attns, input_size)           # kernel, bias
      cell_output, state = cell(x, state)
      for head h:                                         # Attention_h/...
        e = AttnV_h . tanh(attention_states @ AttnW_h + linear(flat(state)))
        attns[h] = sum_t softmax(e)_t * attention_states_t
      output_i = linear([cell_output] + attns, output_size)  # AttnOutputProjection

  `attns` start at zero, or with `initial_state_attention` are read from
  `initial_state` first (useful to resume decoding). The query is the
  concatenation of every leaf of the state (all layers' `c` and `h` of a
  `MultiRNNCell` of LSTMs). `AttnW_h` is a 1x1 convolution kernel
  `[1, 1, attn_size, attn_size]`; the softmax runs in float32.

  Args:
    decoder_inputs: A non-empty list of `[batch, input_size]` tensors.
    initial_state: The cell's initial state.
    attention_states: `[batch, attn_length, attn_size]`, `attn_size` known.
    cell: An RNN cell; its variables go to `<scope>/<cell scope>`.
    output_size: Depth of the outputs; defaults to `cell.output_size`.
    num_heads: Number of attention heads (>= 1).
    loop_function: None, or `(prev, i) -> next input` (see `rnn_decoder`).
    dtype: Dtype of the scope (default: the enclosing scope's, float32).
    scope: Variable scope; defaults to `"attention_decoder"`.
    initial_state_attention: Whether to compute the initial attentions from
      `initial_state` instead of starting at zero.

  Returns:
    `(outputs, state)`: a list of `[batch, output_size]` tensors and the final
    state.

  Raises:
    TypeError: `cell` is not an RNN cell.
    ValueError: no inputs, `num_heads < 1`, `attention_states` not 3-D with a
      known depth, or an input whose depth cannot be inferred.
  """
  _check_cell("attention_decoder", "cell", cell)
  if not decoder_inputs:
    raise ValueError("attention_decoder: decoder_inputs must be a non-empty "
                     "list of tensors, got %r" % (decoder_inputs,))
  if num_heads < 1:
    raise ValueError("attention_decoder: num_heads must be >= 1 (with no heads, "
                     "use a non-attention decoder), got %r" % (num_heads,))
  states_shape = attention_states.shape
  if states_shape.rank is not None and states_shape.rank != 3:
    raise ValueError("attention_decoder: attention_states must be 3-D "
                     "`[batch, attn_length, attn_size]`, got shape %s"
                     % states_shape)
  attn_size = (tf.compat.dimension_value(states_shape[2])
               if states_shape.rank is not None else None)
  if attn_size is None:
    raise ValueError("attention_decoder: shape[2] (attn_size) of "
                     "attention_states must be known, got shape %s"
                     % states_shape)
  if output_size is None:
    output_size = cell.output_size

  with _V1.variable_scope(scope or "attention_decoder", dtype=dtype) as scope:
    dtype = scope.dtype
    batch_size = tf.shape(decoder_inputs[0])[0]
    attn_length = tf.compat.dimension_value(states_shape[1])
    if attn_length is None:
      attn_length = tf.shape(attention_states)[1]
    # The attention states as a `[batch, attn_length, 1, attn_size]` image, so
    # that `W1 h_t` for all t is one 1x1 convolution.
    hidden = tf.reshape(attention_states, [-1, attn_length, 1, attn_size])
    attention_vec_size = attn_size
    hidden_features = []
    attention_v = []
    for head in range(num_heads):
      kernel = _V1.get_variable(ATTENTION_W_NAME % head,
                                [1, 1, attn_size, attention_vec_size],
                                dtype=dtype)
      hidden_features.append(
          tf.nn.conv2d(hidden, kernel, [1, 1, 1, 1], "SAME"))
      attention_v.append(_V1.get_variable(ATTENTION_V_NAME % head,
                                          [attention_vec_size], dtype=dtype))

    def attention(query):
      """One read per head of `hidden`, weighted by the scores of `query`."""
      if tf.nest.is_nested(query):
        leaves = tf.nest.flatten(query)
        for leaf in leaves:
          rank = leaf.shape.rank
          if rank and rank != 2:
            raise AssertionError(
                "attention_decoder: every leaf of the state (the attention "
                "query) must be 2-D `[batch, depth]`, got shape %s"
                % leaf.shape)
        query = tf.concat(leaves, 1)
      reads = []
      for head in range(num_heads):
        with _V1.variable_scope(ATTENTION_SCOPE % head):
          projected = _linear(query, attention_vec_size)
          projected = tf.cast(
              tf.reshape(projected, [-1, 1, 1, attention_vec_size]), dtype)
          scores = tf.reduce_sum(
              attention_v[head] * tf.tanh(hidden_features[head] + projected),
              [2, 3])
          weights = tf.cast(tf.nn.softmax(tf.cast(scores, tf.float32)), dtype)
          read = tf.reduce_sum(
              tf.reshape(weights, [-1, attn_length, 1, 1]) * hidden, [1, 2])
          reads.append(tf.reshape(read, [-1, attn_size]))
      return reads

    state = initial_state
    outputs = []
    prev = None
    attns = [tf.zeros(tf.stack([batch_size, attn_size]), dtype=dtype)
             for _ in range(num_heads)]
    for attn in attns:
      attn.set_shape([None, attn_size])
    if initial_state_attention:
      attns = attention(initial_state)
    for i, inp in enumerate(decoder_inputs):
      if i > 0:
        _V1.get_variable_scope().reuse_variables()
      if loop_function is not None and prev is not None:
        with _V1.variable_scope(LOOP_FUNCTION_SCOPE, reuse=True):
          inp = loop_function(prev, i)
      input_size = tf.compat.dimension_value(inp.shape.with_rank(2)[1])
      if input_size is None:
        raise ValueError("attention_decoder: could not infer the input size "
                         "(shape[1]) of decoder input %d, %s with shape %s"
                         % (i, inp.name, inp.shape))
      x = _linear([tf.cast(t, dtype) for t in [inp] + attns], input_size)
      cell_output, state = cell(x, state)
      if i == 0 and initial_state_attention:
        with _V1.variable_scope(_V1.get_variable_scope(), reuse=True):
          attns = attention(state)
      else:
        attns = attention(state)
      with _V1.variable_scope(ATTENTION_OUTPUT_SCOPE):
        output = _linear([tf.cast(cell_output, dtype)] + attns, output_size)
      if loop_function is not None:
        prev = output
      outputs.append(output)
  return outputs, state


def embedding_attention_decoder(decoder_inputs, initial_state,
                                attention_states, cell, num_symbols,
                                embedding_size, num_heads=1, output_size=None,
                                output_projection=None, feed_previous=False,
                                update_embedding_for_previous=True, dtype=None,
                                scope=None, initial_state_attention=False):
  """`attention_decoder` on embedded ids, optionally feeding back its argmax.

  Variables: `<scope>/embedding` `[num_symbols, embedding_size]` and
  `<scope>/attention_decoder/...`.

  Args:
    decoder_inputs: A list of `[batch]` int32 id tensors.
    initial_state: The cell's initial state.
    attention_states: `[batch, attn_length, attn_size]`.
    cell: An RNN cell.
    num_symbols: Number of ids in the embedding.
    embedding_size: Embedding depth.
    num_heads: Number of attention heads.
    output_size: Output depth; defaults to `cell.output_size`.
    output_projection: None, or `(W, B)`, `B` `[num_symbols]` (only `B`'s
      shape is checked, as in TF 1.15), applied before the argmax when feeding
      back.
    feed_previous: A Python bool (see `embedding_rnn_decoder`).
    update_embedding_for_previous: If False, fed-back embeddings pass no
      gradient.
    dtype: Dtype of the scope.
    scope: Variable scope; defaults to `"embedding_attention_decoder"`.
    initial_state_attention: See `attention_decoder`.

  Returns:
    `(outputs, state)`: `[batch, output_size]` per step and the final state.

  Raises:
    TypeError: `cell` is not an RNN cell.
    ValueError: `output_projection` has the wrong shape, or see
      `attention_decoder`.
  """
  name = "embedding_attention_decoder"
  _check_cell(name, "cell", cell)
  if output_size is None:
    output_size = cell.output_size
  if output_projection is not None:
    output_projection = _check_projection(name, output_projection, num_symbols,
                                          dtype, check_weights=False)
  with _V1.variable_scope(scope or name, dtype=dtype):
    embedding = _V1.get_variable(EMBEDDING_NAME, [num_symbols, embedding_size])
    loop_function = (
        _extract_argmax_and_embed(embedding, output_projection,
                                  update_embedding_for_previous)
        if feed_previous else None)
    embedded = [tf.nn.embedding_lookup(embedding, ids) for ids in decoder_inputs]
    return attention_decoder(
        embedded, initial_state, attention_states, cell,
        output_size=output_size, num_heads=num_heads,
        loop_function=loop_function,
        initial_state_attention=initial_state_attention)


def embedding_attention_seq2seq(encoder_inputs, decoder_inputs, cell,
                                num_encoder_symbols, num_decoder_symbols,
                                embedding_size, num_heads=1,
                                output_projection=None, feed_previous=False,
                                dtype=None, scope=None,
                                initial_state_attention=False):
  """The translate tutorial's model: embedding encoder, attention decoder.

  The encoder `EmbeddingWrapper(deepcopy(cell))` runs under `<scope>/rnn`; its
  outputs, stacked to `[batch, encoder steps, cell.output_size]`, are the
  attention states of an `embedding_attention_decoder` under
  `<scope>/embedding_attention_decoder`, started from the encoder's final state.
  Without `output_projection`, the decoder cell is
  `OutputProjectionWrapper(cell, num_decoder_symbols)` and the outputs are
  `[batch, num_decoder_symbols]` logits (so the attention output layer is that
  wide too).

  Args:
    encoder_inputs: A list of `[batch]` int32 id tensors.
    decoder_inputs: A list of `[batch]` int32 id tensors.
    cell: An RNN cell, not called yet.
    num_encoder_symbols: Encoder vocabulary size.
    num_decoder_symbols: Decoder vocabulary size.
    embedding_size: Depth of both embeddings.
    num_heads: Number of attention heads.
    output_projection: None, or `(W, B)`, `W` `[cell.output_size,
      num_decoder_symbols]`; then the outputs are `[batch, cell.output_size]`.
    feed_previous: A Python bool, or a scalar bool tensor (see
      `embedding_rnn_seq2seq`).
    dtype: Dtype of the scope and the initial state.
    scope: Variable scope; defaults to `"embedding_attention_seq2seq"`.
    initial_state_attention: See `attention_decoder`.

  Returns:
    `(outputs, state)`.

  Raises:
    TypeError: `cell` is not an RNN cell, or has already been called.
    ValueError: see `attention_decoder` and `embedding_attention_decoder`.
  """
  name = "embedding_attention_seq2seq"
  _check_cell(name, "cell", cell)
  with _V1.variable_scope(scope or name, dtype=dtype) as scope:
    dtype = scope.dtype
    encoder_cell = projection_wrappers.EmbeddingWrapper(
        _copy_cell(name, cell), embedding_classes=num_encoder_symbols,
        embedding_size=embedding_size)
    encoder_outputs, encoder_state = _V1.nn.static_rnn(
        encoder_cell, encoder_inputs, dtype=dtype)
    attention_states = tf.concat(
        [tf.reshape(output, [-1, 1, cell.output_size])
         for output in encoder_outputs], 1)
    output_size = None
    if output_projection is None:
      cell = projection_wrappers.OutputProjectionWrapper(cell,
                                                         num_decoder_symbols)
      output_size = num_decoder_symbols

    def decoder(feed_previous_bool, update_embedding=True):
      return embedding_attention_decoder(
          decoder_inputs, encoder_state, attention_states, cell,
          num_decoder_symbols, embedding_size, num_heads=num_heads,
          output_size=output_size, output_projection=output_projection,
          feed_previous=feed_previous_bool,
          update_embedding_for_previous=update_embedding,
          initial_state_attention=initial_state_attention)

    return _decode(feed_previous, decoder, len(decoder_inputs), encoder_state)


def one2many_rnn_seq2seq(encoder_inputs, decoder_inputs_dict, enc_cell,
                         dec_cells_dict, num_encoder_symbols,
                         num_decoder_symbols_dict, embedding_size,
                         feed_previous=False, dtype=None, scope=None):
  """One embedding encoder, several `embedding_rnn_decoder`s (multi-task).

  The encoder `EmbeddingWrapper(enc_cell)` runs under `<scope>/rnn`; decoder
  `name` runs `OutputProjectionWrapper(dec_cells_dict[name],
  num_decoder_symbols_dict[name])` from the encoder's final state under
  `<scope>/one2many_decoder_<name>/embedding_rnn_decoder`. With a tensor
  `feed_previous` the fed-back embeddings do get gradients here (TF 1.15's
  asymmetry with the other models).

  Args:
    encoder_inputs: A list of `[batch]` int32 id tensors.
    decoder_inputs_dict: Decoder name -> list of `[batch]` int32 id tensors.
    enc_cell: The encoder's RNN cell.
    dec_cells_dict: Decoder name -> RNN cell; same keys as
      `decoder_inputs_dict`.
    num_encoder_symbols: Encoder vocabulary size.
    num_decoder_symbols_dict: Decoder name -> vocabulary size.
    embedding_size: Depth of every embedding.
    feed_previous: A Python bool or a scalar bool tensor, for all decoders.
    dtype: Dtype of the scope and the initial state.
    scope: Variable scope; defaults to `"one2many_rnn_seq2seq"`.

  Returns:
    `(outputs_dict, state_dict)`: per decoder name, the list of
    `[batch, num_decoder_symbols_dict[name]]` logits and the final state.

  Raises:
    TypeError: `enc_cell` or a decoder cell is not an RNN cell.
    ValueError: the keys of `dec_cells_dict` and `decoder_inputs_dict` differ,
      or `num_decoder_symbols_dict` lacks one of them.
  """
  name = "one2many_rnn_seq2seq"
  _check_cell(name, "enc_cell", enc_cell)
  if set(dec_cells_dict) != set(decoder_inputs_dict):
    raise ValueError(
        "%s: the keys of dec_cells_dict must equal those of "
        "decoder_inputs_dict, got %s and %s"
        % (name, sorted(dec_cells_dict, key=str),
           sorted(decoder_inputs_dict, key=str)))
  for key, dec_cell in dec_cells_dict.items():
    _check_cell(name, "dec_cells_dict[%r]" % (key,), dec_cell)
  missing = [key for key in decoder_inputs_dict
             if key not in num_decoder_symbols_dict]
  if missing:
    raise ValueError(
        "%s: num_decoder_symbols_dict must have an entry for every decoder in "
        "decoder_inputs_dict %s, missing %s"
        % (name, sorted(decoder_inputs_dict, key=str), missing))

  outputs_dict = {}
  state_dict = {}
  with _V1.variable_scope(scope or name, dtype=dtype) as scope:
    dtype = scope.dtype
    encoder_cell = projection_wrappers.EmbeddingWrapper(
        enc_cell, embedding_classes=num_encoder_symbols,
        embedding_size=embedding_size)
    _, encoder_state = _V1.nn.static_rnn(encoder_cell, encoder_inputs,
                                         dtype=dtype)
    for key, decoder_inputs in decoder_inputs_dict.items():
      num_decoder_symbols = num_decoder_symbols_dict[key]
      with _V1.variable_scope(ONE2MANY_DECODER_SCOPE + str(key)):
        dec_cell = projection_wrappers.OutputProjectionWrapper(
            dec_cells_dict[key], num_decoder_symbols)

        def decoder(feed_previous_bool, decoder_inputs=decoder_inputs,
                    dec_cell=dec_cell, num_decoder_symbols=num_decoder_symbols):
          return embedding_rnn_decoder(
              decoder_inputs, encoder_state, dec_cell, num_decoder_symbols,
              embedding_size, feed_previous=feed_previous_bool)

        # TF 1.15 let one2many's fed-back embeddings train under the cond.
        outputs, state = _decode(feed_previous, decoder, len(decoder_inputs),
                                 encoder_state, freeze_fed_back=False)
      outputs_dict[key] = outputs
      state_dict[key] = state
  return outputs_dict, state_dict


def sequence_loss_by_example(logits, targets, weights,
                             average_across_timesteps=True,
                             softmax_loss_function=None, name=None):
  """Weighted cross-entropy of a sequence of logits, per example.

  `sum_t weights[t] * xent(logits[t], targets[t])`, divided by
  `sum_t weights[t] + 1e-12` when `average_across_timesteps`.

  Args:
    logits: A list of `[batch, num_symbols]` tensors.
    targets: A list of `[batch]` int32 tensors, as long as `logits` (each is
      reshaped to `[-1]` for the default loss).
    weights: A list of `[batch]` float tensors, as long as `logits`.
    average_across_timesteps: Whether to divide by the total weight per example.
    softmax_loss_function: None (sparse softmax cross-entropy), or a function
      called as `f(labels=target, logits=logit)` returning `[batch]` losses.
    name: Name scope; defaults to `"sequence_loss_by_example"`.

  Returns:
    The `[batch]` log-perplexities.

  Raises:
    ValueError: the three lists differ in length.
  """
  if len(targets) != len(logits) or len(weights) != len(logits):
    raise ValueError(
        "sequence_loss_by_example: logits, weights and targets must have the "
        "same length, got %d, %d and %d" % (len(logits), len(weights),
                                             len(targets)))
  with _V1.name_scope(name, "sequence_loss_by_example",
                      list(logits) + list(targets) + list(weights)):
    step_losses = []
    for logit, target, weight in zip(logits, targets, weights):
      if softmax_loss_function is None:
        crossent = tf.nn.sparse_softmax_cross_entropy_with_logits(
            labels=tf.reshape(target, [-1]), logits=logit)
      else:
        crossent = softmax_loss_function(labels=target, logits=logit)
      step_losses.append(crossent * weight)
    log_perps = tf.add_n(step_losses)
    if average_across_timesteps:
      total_weight = tf.add_n(list(weights)) + _LOSS_EPSILON
      log_perps /= total_weight
  return log_perps


def sequence_loss(logits, targets, weights, average_across_timesteps=True,
                  average_across_batch=True, softmax_loss_function=None,
                  name=None):
  """`sequence_loss_by_example`, summed over the batch.

  Divided by the batch size (`tf.shape(targets[0])[0]`) when
  `average_across_batch`.

  Args:
    logits: A list of `[batch, num_symbols]` tensors.
    targets: A list of `[batch]` int32 tensors.
    weights: A list of `[batch]` float tensors.
    average_across_timesteps: Whether each example's loss is divided by its
      total weight.
    average_across_batch: Whether to divide the sum by the batch size.
    softmax_loss_function: See `sequence_loss_by_example`.
    name: Name scope; defaults to `"sequence_loss"`.

  Returns:
    A scalar: the (weighted) average log-perplexity.

  Raises:
    ValueError: the three lists differ in length.
  """
  with _V1.name_scope(name, "sequence_loss",
                      list(logits) + list(targets) + list(weights)):
    cost = tf.reduce_sum(sequence_loss_by_example(
        logits, targets, weights,
        average_across_timesteps=average_across_timesteps,
        softmax_loss_function=softmax_loss_function))
    if average_across_batch:
      batch_size = tf.shape(targets[0])[0]
      return cost / tf.cast(batch_size, cost.dtype)
    return cost


def model_with_buckets(encoder_inputs, decoder_inputs, targets, weights,
                       buckets, seq2seq, softmax_loss_function=None,
                       per_example_loss=False, name=None):
  """One `seq2seq` model per bucket, all sharing variables, and their losses.

  Bucket `j` is `seq2seq(encoder_inputs[:enc_len], decoder_inputs[:dec_len])`
  built in the enclosing variable scope, reusing it for `j > 0`; its loss is
  `sequence_loss` (or, with `per_example_loss`, `sequence_loss_by_example`) over
  `targets[:dec_len]` and `weights[:dec_len]`. The enclosing scope's reuse flag
  is left as it was.

  Args:
    encoder_inputs: A list of encoder input tensors, at least as long as the
      last bucket's encoder length.
    decoder_inputs: A list of decoder input tensors.
    targets: A list of `[batch]` int32 tensors, at least as long as the last
      bucket's decoder length.
    weights: A list of `[batch]` float tensors, likewise.
    buckets: A list of `(encoder length, decoder length)` pairs, the largest
      last.
    seq2seq: `(encoder_inputs, decoder_inputs) -> (outputs, state)`.
    softmax_loss_function: See `sequence_loss_by_example`.
    per_example_loss: Whether the losses are `[batch]` rather than scalars.
    name: Name scope; defaults to `"model_with_buckets"`.

  Returns:
    `(outputs, losses)`: per bucket, the list of outputs and the loss.

  Raises:
    ValueError: `buckets` is empty, or `encoder_inputs`, `targets` or
      `weights` is shorter than the last bucket needs.
  """
  if not buckets:
    raise ValueError("model_with_buckets: buckets must be a non-empty list of "
                     "(encoder length, decoder length) pairs, got %r"
                     % (buckets,))
  last_encoder_length, last_decoder_length = buckets[-1]
  for argument, values, needed in (
      ("encoder_inputs", encoder_inputs, last_encoder_length),
      ("targets", targets, last_decoder_length),
      ("weights", weights, last_decoder_length)):
    if len(values) < needed:
      raise ValueError(
          "model_with_buckets: the length of %s (%d) must be at least that of "
          "the last bucket %s (%d)" % (argument, len(values), tuple(buckets[-1]),
                                       needed))

  all_inputs = (list(encoder_inputs) + list(decoder_inputs) + list(targets)
                + list(weights))
  losses = []
  outputs = []
  with _V1.name_scope(name, "model_with_buckets", all_inputs):
    for j, (encoder_length, decoder_length) in enumerate(buckets):
      with _V1.variable_scope(_V1.get_variable_scope(),
                              reuse=True if j > 0 else None):
        bucket_outputs, _ = seq2seq(encoder_inputs[:encoder_length],
                                    decoder_inputs[:decoder_length])
        outputs.append(bucket_outputs)
        loss_function = (sequence_loss_by_example if per_example_loss
                         else sequence_loss)
        losses.append(loss_function(
            bucket_outputs, targets[:decoder_length], weights[:decoder_length],
            softmax_loss_function=softmax_loss_function))
  return outputs, losses
